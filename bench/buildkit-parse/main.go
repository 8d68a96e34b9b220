// buildkit-parse: BuildKit's own Dockerfile parser over every file named on
// the command line, in one process, for `make bench` (scripts/bench.sh
// times it against dfopt on the same corpus). Nothing is printed per file:
// the count of files and of files BuildKit rejects goes to stdout.
//
// Built by scripts/buildkit-parse.sh, offline, from the parser that
// Debian's docker.io source package vendors
// (github.com/moby/buildkit/frontend/dockerfile/parser).
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func main() {
	bad := 0
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if _, err := parser.Parse(f); err != nil {
			bad++
		}
		f.Close()
	}
	fmt.Printf("%d files, %d rejected\n", len(os.Args)-1, bad)
}
