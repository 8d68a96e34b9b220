module Textkit
  # Helpers for padding: each takes a String and returns a new String or a value.
  module Padding
    # Returns +text+ processed by the padding helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_1("abc") # => "abc" transformed
    def self.padding_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_2("abc") # => "abc" transformed
    def self.padding_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_3("abc") # => "abc" transformed
    def self.padding_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_4("abc") # => "abc" transformed
    def self.padding_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_5("abc") # => "abc" transformed
    def self.padding_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_6("abc") # => "abc" transformed
    def self.padding_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_7("abc") # => "abc" transformed
    def self.padding_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_8("abc") # => "abc" transformed
    def self.padding_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_9("abc") # => "abc" transformed
    def self.padding_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_10("abc") # => "abc" transformed
    def self.padding_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_11("abc") # => "abc" transformed
    def self.padding_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_12("abc") # => "abc" transformed
    def self.padding_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_13("abc") # => "abc" transformed
    def self.padding_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_14("abc") # => "abc" transformed
    def self.padding_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the padding helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Padding.padding_15("abc") # => "abc" transformed
    def self.padding_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
