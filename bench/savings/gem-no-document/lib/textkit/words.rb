module Textkit
  # Helpers for words: each takes a String and returns a new String or a value.
  module Words
    # Returns +text+ processed by the words helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_1("abc") # => "abc" transformed
    def self.words_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_2("abc") # => "abc" transformed
    def self.words_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_3("abc") # => "abc" transformed
    def self.words_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_4("abc") # => "abc" transformed
    def self.words_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_5("abc") # => "abc" transformed
    def self.words_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_6("abc") # => "abc" transformed
    def self.words_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_7("abc") # => "abc" transformed
    def self.words_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_8("abc") # => "abc" transformed
    def self.words_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_9("abc") # => "abc" transformed
    def self.words_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_10("abc") # => "abc" transformed
    def self.words_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_11("abc") # => "abc" transformed
    def self.words_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_12("abc") # => "abc" transformed
    def self.words_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_13("abc") # => "abc" transformed
    def self.words_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_14("abc") # => "abc" transformed
    def self.words_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the words helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Words.words_15("abc") # => "abc" transformed
    def self.words_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
