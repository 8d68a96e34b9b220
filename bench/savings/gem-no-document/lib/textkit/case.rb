module Textkit
  # Helpers for case: each takes a String and returns a new String or a value.
  module Case
    # Returns +text+ processed by the case helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_1("abc") # => "abc" transformed
    def self.case_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_2("abc") # => "abc" transformed
    def self.case_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_3("abc") # => "abc" transformed
    def self.case_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_4("abc") # => "abc" transformed
    def self.case_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_5("abc") # => "abc" transformed
    def self.case_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_6("abc") # => "abc" transformed
    def self.case_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_7("abc") # => "abc" transformed
    def self.case_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_8("abc") # => "abc" transformed
    def self.case_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_9("abc") # => "abc" transformed
    def self.case_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_10("abc") # => "abc" transformed
    def self.case_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_11("abc") # => "abc" transformed
    def self.case_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_12("abc") # => "abc" transformed
    def self.case_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_13("abc") # => "abc" transformed
    def self.case_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_14("abc") # => "abc" transformed
    def self.case_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the case helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Case.case_15("abc") # => "abc" transformed
    def self.case_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
