module Textkit
  # Helpers for escape: each takes a String and returns a new String or a value.
  module Escape
    # Returns +text+ processed by the escape helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_1("abc") # => "abc" transformed
    def self.escape_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_2("abc") # => "abc" transformed
    def self.escape_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_3("abc") # => "abc" transformed
    def self.escape_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_4("abc") # => "abc" transformed
    def self.escape_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_5("abc") # => "abc" transformed
    def self.escape_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_6("abc") # => "abc" transformed
    def self.escape_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_7("abc") # => "abc" transformed
    def self.escape_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_8("abc") # => "abc" transformed
    def self.escape_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_9("abc") # => "abc" transformed
    def self.escape_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_10("abc") # => "abc" transformed
    def self.escape_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_11("abc") # => "abc" transformed
    def self.escape_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_12("abc") # => "abc" transformed
    def self.escape_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_13("abc") # => "abc" transformed
    def self.escape_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_14("abc") # => "abc" transformed
    def self.escape_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the escape helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Escape.escape_15("abc") # => "abc" transformed
    def self.escape_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
