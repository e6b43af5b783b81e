//go:build unix

package workspace

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asUnprivileged runs the calling test in a child process as the user
// nobody when the tests run as root, whom permissions do not stop; it
// returns true in the parent, which then has nothing more to do.
func asUnprivileged(t *testing.T) bool {
	t.Helper()
	if os.Getenv("HAMTA_TEST_UNPRIVILEGED") != "" || os.Geteuid() != 0 {
		return false
	}
	// The test binary and a temporary folder the child can reach.
	dir, err := os.MkdirTemp("", "hamta-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "workspace.test")
	in, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(out, in)
	in.Close()
	out.Close()
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o777)
	os.Chmod(tmp, 0o777)
	// The sample corpus where the child finds it (../testdata/corpus),
	// whatever the permissions of the folder the tests run in.
	pkg := filepath.Join(dir, "workspace")
	os.Mkdir(pkg, 0o755)
	copyFiles(t, "../testdata/corpus/*.txt", filepath.Join(dir, "testdata", "corpus"))
	cmd := exec.Command(bin, "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Dir = pkg
	cmd.Env = append(os.Environ(), "HAMTA_TEST_UNPRIVILEGED=1", "TMPDIR="+tmp, "HOME="+tmp, "XDG_CACHE_HOME="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	b, err := cmd.CombinedOutput()
	if err != nil {
		if strings.Contains(string(b), "--- FAIL") {
			t.Fatalf("as user nobody:\n%s", b)
		}
		t.Skipf("cannot run as user nobody: %v\n%s", err, b)
	}
	t.Logf("as user nobody:\n%s", b)
	return true
}

func TestReadOnlyWorkspace(t *testing.T) {
	if asUnprivileged(t) {
		return
	}
	corpusDir := sampleDir(t)
	s, err := Load(context.Background(), Options{CorpusDir: corpusDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ws := filepath.Join(corpusDir, DirName)
	os.Chmod(filepath.Join(ws, lockFile), 0o444)
	os.Chmod(ws, 0o555)
	defer os.Chmod(ws, 0o755)

	s, err = Load(context.Background(), Options{CorpusDir: corpusDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.NeedWrite()
	if !errors.Is(err, ErrReadOnly) || errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "--workspace") || strings.Contains(err.Error(), "in use") {
		t.Errorf("NeedWrite on a read-only workspace = %v", err)
	}
	if s.Index == nil {
		t.Errorf("index of a read-only workspace: %v", s.IndexErr)
	}
	if len(s.Pairs) != 2 {
		t.Errorf("%d pairs", len(s.Pairs))
	}
	if _, err := Load(context.Background(), Options{CorpusDir: corpusDir, Access: Exclusive}, nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("exclusive open of a read-only workspace = %v", err)
	}
}

func TestReadOnlyCorpusFolder(t *testing.T) {
	if asUnprivileged(t) {
		return
	}
	corpusDir := sampleDir(t)
	os.Chmod(corpusDir, 0o555)
	defer os.Chmod(corpusDir, 0o755)

	s, err := Load(context.Background(), Options{CorpusDir: corpusDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.NeedWrite()
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "--workspace") {
		t.Errorf("NeedWrite with a read-only corpus folder = %v", err)
	}
	if len(s.Pairs) != 2 || s.Index != nil || s.IndexErr == nil || !strings.Contains(s.IndexErr.Error(), "--workspace") {
		t.Errorf("pairs %d, index %v, %v", len(s.Pairs), s.Index, s.IndexErr)
	}
	s.Close()
	_, err = Load(context.Background(), Options{CorpusDir: corpusDir, Access: Exclusive}, nil)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "use --workspace") {
		t.Errorf("exclusive open = %v", err)
	}
	// Named elsewhere, the workspace works.
	s, err = Load(context.Background(), Options{CorpusDir: corpusDir, Dir: filepath.Join(t.TempDir(), "ws"), Access: Exclusive}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Index == nil {
		t.Error(s.IndexErr)
	}
}
