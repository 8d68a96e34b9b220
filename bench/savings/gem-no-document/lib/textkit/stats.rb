module Textkit
  # Helpers for stats: each takes a String and returns a new String or a value.
  module Stats
    # Returns +text+ processed by the stats helper number 1.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_1("abc") # => "abc" transformed
    def self.stats_1(text, width = 1)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 2.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_2("abc") # => "abc" transformed
    def self.stats_2(text, width = 2)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 3.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_3("abc") # => "abc" transformed
    def self.stats_3(text, width = 3)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 4.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_4("abc") # => "abc" transformed
    def self.stats_4(text, width = 4)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 5.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_5("abc") # => "abc" transformed
    def self.stats_5(text, width = 5)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 6.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_6("abc") # => "abc" transformed
    def self.stats_6(text, width = 6)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 7.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_7("abc") # => "abc" transformed
    def self.stats_7(text, width = 7)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 8.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_8("abc") # => "abc" transformed
    def self.stats_8(text, width = 8)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 9.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_9("abc") # => "abc" transformed
    def self.stats_9(text, width = 9)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 10.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_10("abc") # => "abc" transformed
    def self.stats_10(text, width = 10)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 11.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_11("abc") # => "abc" transformed
    def self.stats_11(text, width = 11)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 12.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_12("abc") # => "abc" transformed
    def self.stats_12(text, width = 12)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 13.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_13("abc") # => "abc" transformed
    def self.stats_13(text, width = 13)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 14.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_14("abc") # => "abc" transformed
    def self.stats_14(text, width = 14)
      text.to_s.center(width).strip
    end

    # Returns +text+ processed by the stats helper number 15.
    #
    # The helper never changes its argument; it returns a new object.
    # Example:
    #   Textkit::Stats.stats_15("abc") # => "abc" transformed
    def self.stats_15(text, width = 15)
      text.to_s.center(width).strip
    end

  end
end
