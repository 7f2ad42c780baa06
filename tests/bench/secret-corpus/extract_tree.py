import subprocess, sys, os
# Writes HEAD's tree of a bare mirror to a folder, skipping blobs the snapshot left out (like `git archive`, tolerant).
git_dir, out = sys.argv[1], sys.argv[2]
ls = subprocess.run(['git', '--git-dir', git_dir, 'ls-tree', '-r', '-z', 'HEAD'], capture_output=True, check=True).stdout.split(b'\0')
entries = []
for e in ls:
    if not e: continue
    meta, path = e.split(b'\t', 1)
    mode, typ, sha = meta.split()
    if typ == b'blob' and mode in (b'100644', b'100755'): entries.append((sha.decode(), path.decode('utf-8', 'replace')))
p = subprocess.Popen(['git', '--git-dir', git_dir, 'cat-file', '--batch'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
n = 0
for sha, path in entries:
    p.stdin.write((sha + '\n').encode()); p.stdin.flush()
    header = p.stdout.readline().split()
    if len(header) < 3 or header[1] == b'missing': continue
    size = int(header[2]); data = p.stdout.read(size); p.stdout.read(1)
    full = os.path.join(out, path); os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'wb') as f: f.write(data)
    n += 1
print(git_dir, n, 'files')
