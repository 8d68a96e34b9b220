module Textkit
  # Helpers for lines: each takes a String and returns a new String or a value.
  module Lines
    # Returns +text+ processed by the lines helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_1("abc") # => "abc" transformed
    def self.lines_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_2("abc") # => "abc" transformed
    def self.lines_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_3("abc") # => "abc" transformed
    def self.lines_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_4("abc") # => "abc" transformed
    def self.lines_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_5("abc") # => "abc" transformed
    def self.lines_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_6("abc") # => "abc" transformed
    def self.lines_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_7("abc") # => "abc" transformed
    def self.lines_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_8("abc") # => "abc" transformed
    def self.lines_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_9("abc") # => "abc" transformed
    def self.lines_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_10("abc") # => "abc" transformed
    def self.lines_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_11("abc") # => "abc" transformed
    def self.lines_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_12("abc") # => "abc" transformed
    def self.lines_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_13("abc") # => "abc" transformed
    def self.lines_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_14("abc") # => "abc" transformed
    def self.lines_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the lines helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Lines.lines_15("abc") # => "abc" transformed
    def self.lines_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
