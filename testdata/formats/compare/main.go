// Command compare measures the choices made for reading HTML and PDF: hamta's
// own content rules against go-readability, and pdftotext against PDFium.
// It is a module of its own so that hamta does not depend on what it is
// compared with. See ../README.md.
//
//	go run . html
//	go run . pdf      # needs pdftotext and libreoffice
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compare html|pdf")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "html":
		compareHTML()
	case "pdf":
		comparePDF()
	default:
		fmt.Fprintln(os.Stderr, "usage: compare html|pdf")
		os.Exit(2)
	}
}

// moduleDir returns the folder of a module in the module cache.
func moduleDir(path string) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go list:", err)
		os.Exit(1)
	}
	return strings.TrimSpace(string(out))
}
