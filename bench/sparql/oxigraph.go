package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// oxigraphScript loads an N-Quads file into an in-memory Oxigraph store in
// line-aligned chunks (a V8 string holds at most about 512 MB), reports
// the load, then answers one query per input line with its solution count
// and the time Oxigraph took, measured inside Node (no pipe overhead).
const oxigraphScript = `
const fs = require('fs');
const readline = require('readline');
const ox = require('oxigraph');
const store = new ox.Store();
const t0 = process.hrtime.bigint();
const fd = fs.openSync(process.argv[1], 'r');
const buf = Buffer.alloc(64 << 20);
let carry = Buffer.alloc(0);
for (;;) {
  const n = fs.readSync(fd, buf, 0, buf.length, null);
  if (n === 0) break;
  const data = Buffer.concat([carry, buf.subarray(0, n)]);
  const cut = data.lastIndexOf(10);
  if (cut < 0) { carry = data; continue; }
  store.load(data.toString('utf8', 0, cut + 1), {format: 'application/n-quads'});
  carry = Buffer.from(data.subarray(cut + 1));
}
if (carry.length > 0) store.load(carry.toString('utf8'), {format: 'application/n-quads'});
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({quads: store.size, ms: ms, rss: process.memoryUsage().rss}) + '\n');
const rl = readline.createInterface({input: process.stdin});
rl.on('line', (line) => {
  const q = JSON.parse(line).q;
  let rows = 0, err = null;
  const t = process.hrtime.bigint();
  try {
    const r = store.query(q, {use_default_graph_as_union: true});
    rows = Array.isArray(r) ? r.length : (r ? 1 : 0);
  } catch (e) { err = String(e); }
  const qms = Number(process.hrtime.bigint() - t) / 1e6;
  process.stdout.write(JSON.stringify({rows: rows, ms: qms, err: err, rss: process.memoryUsage().rss}) + '\n');
});
`

// oxigraph is an Oxigraph store in a Node.js process, holding one dataset.
type oxigraph struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	Load time.Duration
	RSS  int64 // bytes, as Node reports it after the last answer
}

// startOxigraph starts Node with the oxigraph package from modules and
// loads the N-Quads file into it.
func startOxigraph(modules, file string) (*oxigraph, error) {
	if _, err := os.Stat(filepath.Join(modules, "oxigraph")); err != nil {
		return nil, fmt.Errorf("oxigraph is not installed in %s (npm ci --prefix tools/oxigraph): %w", modules, err)
	}
	cmd := exec.Command("node", "--max-old-space-size=8192", "-e", oxigraphScript, file)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start node: %w", err)
	}
	o := &oxigraph{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<16)}
	var loaded struct {
		Quads int64   `json:"quads"`
		MS    float64 `json:"ms"`
		RSS   int64   `json:"rss"`
	}
	if err := o.read(&loaded); err != nil {
		o.Close()
		return nil, fmt.Errorf("oxigraph load: %w", err)
	}
	o.Load = time.Duration(loaded.MS * float64(time.Millisecond))
	o.RSS = loaded.RSS
	return o, nil
}

func (o *oxigraph) read(v any) error {
	line, err := o.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("read from node: %w", err)
	}
	return json.Unmarshal(line, v)
}

// Query runs text and returns its solution count and Oxigraph's time.
func (o *oxigraph) Query(text string) (int, time.Duration, error) {
	req, _ := json.Marshal(map[string]string{"q": text})
	if _, err := o.in.Write(append(req, '\n')); err != nil {
		return 0, 0, fmt.Errorf("write to node: %w", err)
	}
	var a struct {
		Rows int     `json:"rows"`
		MS   float64 `json:"ms"`
		Err  *string `json:"err"`
		RSS  int64   `json:"rss"`
	}
	if err := o.read(&a); err != nil {
		return 0, 0, err
	}
	o.RSS = a.RSS
	if a.Err != nil {
		return 0, 0, fmt.Errorf("oxigraph: %s", *a.Err)
	}
	return a.Rows, time.Duration(a.MS * float64(time.Millisecond)), nil
}

// Close ends the Node process.
func (o *oxigraph) Close() {
	o.in.Close()
	done := make(chan struct{})
	go func() { _ = o.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = o.cmd.Process.Kill()
		<-done
	}
}
