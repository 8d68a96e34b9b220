module Textkit
  # Helpers for diff: each takes a String and returns a new String or a value.
  module Diff
    # Returns +text+ processed by the diff helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_1("abc") # => "abc" transformed
    def self.diff_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_2("abc") # => "abc" transformed
    def self.diff_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_3("abc") # => "abc" transformed
    def self.diff_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_4("abc") # => "abc" transformed
    def self.diff_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_5("abc") # => "abc" transformed
    def self.diff_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_6("abc") # => "abc" transformed
    def self.diff_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_7("abc") # => "abc" transformed
    def self.diff_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_8("abc") # => "abc" transformed
    def self.diff_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_9("abc") # => "abc" transformed
    def self.diff_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_10("abc") # => "abc" transformed
    def self.diff_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_11("abc") # => "abc" transformed
    def self.diff_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_12("abc") # => "abc" transformed
    def self.diff_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_13("abc") # => "abc" transformed
    def self.diff_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_14("abc") # => "abc" transformed
    def self.diff_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the diff helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Diff.diff_15("abc") # => "abc" transformed
    def self.diff_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
