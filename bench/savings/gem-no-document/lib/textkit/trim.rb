module Textkit
  # Helpers for trim: each takes a String and returns a new String or a value.
  module Trim
    # Returns +text+ processed by the trim helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_1("abc") # => "abc" transformed
    def self.trim_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_2("abc") # => "abc" transformed
    def self.trim_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_3("abc") # => "abc" transformed
    def self.trim_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_4("abc") # => "abc" transformed
    def self.trim_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_5("abc") # => "abc" transformed
    def self.trim_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_6("abc") # => "abc" transformed
    def self.trim_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_7("abc") # => "abc" transformed
    def self.trim_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_8("abc") # => "abc" transformed
    def self.trim_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_9("abc") # => "abc" transformed
    def self.trim_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_10("abc") # => "abc" transformed
    def self.trim_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_11("abc") # => "abc" transformed
    def self.trim_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_12("abc") # => "abc" transformed
    def self.trim_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_13("abc") # => "abc" transformed
    def self.trim_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_14("abc") # => "abc" transformed
    def self.trim_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the trim helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Trim.trim_15("abc") # => "abc" transformed
    def self.trim_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
