module Textkit
  # Helpers for wrap: each takes a String and returns a new String or a value.
  module Wrap
    # Returns +text+ processed by the wrap helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_1("abc") # => "abc" transformed
    def self.wrap_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_2("abc") # => "abc" transformed
    def self.wrap_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_3("abc") # => "abc" transformed
    def self.wrap_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_4("abc") # => "abc" transformed
    def self.wrap_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_5("abc") # => "abc" transformed
    def self.wrap_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_6("abc") # => "abc" transformed
    def self.wrap_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_7("abc") # => "abc" transformed
    def self.wrap_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_8("abc") # => "abc" transformed
    def self.wrap_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_9("abc") # => "abc" transformed
    def self.wrap_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_10("abc") # => "abc" transformed
    def self.wrap_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_11("abc") # => "abc" transformed
    def self.wrap_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_12("abc") # => "abc" transformed
    def self.wrap_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_13("abc") # => "abc" transformed
    def self.wrap_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_14("abc") # => "abc" transformed
    def self.wrap_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the wrap helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Wrap.wrap_15("abc") # => "abc" transformed
    def self.wrap_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
