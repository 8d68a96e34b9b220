# Text helpers, one module per concern.
module Textkit
  VERSION = "1.0.0"
end
require "textkit/case"
require "textkit/padding"
require "textkit/words"
require "textkit/lines"
require "textkit/numbers"
require "textkit/escape"
require "textkit/wrap"
require "textkit/slug"
require "textkit/quote"
require "textkit/trim"
require "textkit/stats"
require "textkit/diff"
