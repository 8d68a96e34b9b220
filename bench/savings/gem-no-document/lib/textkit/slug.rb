module Textkit
  # Helpers for slug: each takes a String and returns a new String or a value.
  module Slug
    # Returns +text+ processed by the slug helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_1("abc") # => "abc" transformed
    def self.slug_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_2("abc") # => "abc" transformed
    def self.slug_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_3("abc") # => "abc" transformed
    def self.slug_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_4("abc") # => "abc" transformed
    def self.slug_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_5("abc") # => "abc" transformed
    def self.slug_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_6("abc") # => "abc" transformed
    def self.slug_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_7("abc") # => "abc" transformed
    def self.slug_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_8("abc") # => "abc" transformed
    def self.slug_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_9("abc") # => "abc" transformed
    def self.slug_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_10("abc") # => "abc" transformed
    def self.slug_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_11("abc") # => "abc" transformed
    def self.slug_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_12("abc") # => "abc" transformed
    def self.slug_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_13("abc") # => "abc" transformed
    def self.slug_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_14("abc") # => "abc" transformed
    def self.slug_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the slug helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Slug.slug_15("abc") # => "abc" transformed
    def self.slug_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
