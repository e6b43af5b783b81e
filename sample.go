// Package hamta holds the sample corpus bundled into the hamta binary: five
// news articles, one Persian and four English, used whenever no corpus
// folder is given.
package hamta

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed testdata/corpus
var sample embed.FS

// sampleDir is the bundled corpus's folder inside the embedded files.
const sampleDir = "testdata/corpus"

// Sample returns the bundled sample corpus, rooted at its folder.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, sampleDir)
	if err != nil {
		// The directive above guarantees the folder exists.
		panic(err)
	}
	return sub
}

// SampleVersion returns a short hash of the bundled corpus's contents, so
// that what is computed from one version is not mistaken for another's.
func SampleVersion() string {
	h := sha256.New()
	_ = fs.WalkDir(sample, sampleDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := sample.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}
