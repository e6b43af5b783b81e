package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestBidiSupportMode runs the program: app mode switches a bidi
// terminal's own reordering off (CSI 8 l) before the first frame and back
// on (CSI 8 h) after the last; terminal mode leaves it alone.
func TestBidiSupportMode(t *testing.T) {
	for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err := Run(ctx, Config{Bidi: mode, Output: &out}, tea.WithInput(strings.NewReader("q")), tea.WithWindowSize(80, 24))
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		s := out.String()
		off, on := strings.Index(s, bdsmExplicit), strings.LastIndex(s, bdsmImplicit)
		switch mode {
		case BidiApp:
			if off != 0 || on != len(s)-len(bdsmImplicit) {
				t.Errorf("app: CSI 8 l at %d, CSI 8 h at %d of %d bytes: %q", off, on, len(s), s)
			}
		case BidiTerminal:
			if off >= 0 || on >= 0 {
				t.Errorf("terminal mode wrote a bidi mode: %q", s)
			}
		}
	}
}
