module Textkit
  # Helpers for quote: each takes a String and returns a new String or a value.
  module Quote
    # Returns +text+ processed by the quote helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_1("abc") # => "abc" transformed
    def self.quote_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_2("abc") # => "abc" transformed
    def self.quote_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_3("abc") # => "abc" transformed
    def self.quote_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_4("abc") # => "abc" transformed
    def self.quote_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_5("abc") # => "abc" transformed
    def self.quote_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_6("abc") # => "abc" transformed
    def self.quote_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_7("abc") # => "abc" transformed
    def self.quote_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_8("abc") # => "abc" transformed
    def self.quote_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_9("abc") # => "abc" transformed
    def self.quote_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_10("abc") # => "abc" transformed
    def self.quote_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_11("abc") # => "abc" transformed
    def self.quote_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_12("abc") # => "abc" transformed
    def self.quote_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_13("abc") # => "abc" transformed
    def self.quote_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_14("abc") # => "abc" transformed
    def self.quote_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the quote helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Quote.quote_15("abc") # => "abc" transformed
    def self.quote_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
