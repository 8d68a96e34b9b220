module Textkit
  # Helpers for numbers: each takes a String and returns a new String or a value.
  module Numbers
    # Returns +text+ processed by the numbers helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_1("abc") # => "abc" transformed
    def self.numbers_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_2("abc") # => "abc" transformed
    def self.numbers_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_3("abc") # => "abc" transformed
    def self.numbers_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_4("abc") # => "abc" transformed
    def self.numbers_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_5("abc") # => "abc" transformed
    def self.numbers_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_6("abc") # => "abc" transformed
    def self.numbers_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_7("abc") # => "abc" transformed
    def self.numbers_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_8("abc") # => "abc" transformed
    def self.numbers_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_9("abc") # => "abc" transformed
    def self.numbers_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_10("abc") # => "abc" transformed
    def self.numbers_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_11("abc") # => "abc" transformed
    def self.numbers_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_12("abc") # => "abc" transformed
    def self.numbers_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_13("abc") # => "abc" transformed
    def self.numbers_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_14("abc") # => "abc" transformed
    def self.numbers_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the numbers helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Numbers.numbers_15("abc") # => "abc" transformed
    def self.numbers_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
