#!/bin/sh
# render.t - ctl-render without a browser: hostile values in every column
# stay text in the HTML and are neutralised in the CSV, the CSP hashes
# match the inline style and script, output is deterministic, every row
# is rendered once, and errors exit as ctl-render(1) says.  Owned by the
# render engineer (issue 7).  Python 3 (standard library) parses the
# output.
. "$(dirname "$0")/lib.sh"

R=$BIN/ctl-render
F=$ROOT/tests/fixtures/render
H=$F/hostile.tsv
rows=$(($(wc -l <"$H") - 1))

$VG "$R" -f html -t 1714564800 -c '<b>cl</b>' -T '"><i>t</i>' \
    -e "$F/hostile-expect.tsv" -r "$F/hostile-records.tsv" <"$H" \
    >"$T_TMP/h.html" 2>"$T_TMP/err"
status_is "html of hostile input" 0 $?
same "html: nothing on stderr" /dev/null "$T_TMP/err"

# One Python pass over the page: tags, attributes, text, hashes.
cat >"$T_TMP/chk_html.py" <<'PY'
import base64, hashlib, html.parser, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
rows = int(sys.argv[2])
ALLOWED = set("""html head meta title style body header h1 h2 h3 dl div dt
dd time nav ul li a main section table caption thead tbody tfoot tr th td
span svg text rect p details summary label input output code script
footer br""".split())
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.bad, self.text, self.stack = {}, [], [], []
        self.rows, self.inphones = 0, False
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag not in ALLOWED:
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("style", "src", "srcdoc"):
                self.bad.append(tag + " " + k)
            if k == "href" and not v.startswith("#"):
                self.bad.append("href " + v)
        if tag == "table" and ("id", "phones-t") in attrs:
            self.inphones = True
        if tag == "tr" and self.inphones and "tbody" in self.stack:
            self.rows += 1
        if tag not in ("meta", "input", "br", "rect"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag == "table":
            self.inphones = False
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(page)
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
ok(p.bad == [], "no element or attribute from the data: %s" % p.bad[:5])
ok(p.tags.get("script") == 1 and p.tags.get("style") == 1,
   "one script, one style")
ok(p.rows == rows, "one table row per input row (%d)" % p.rows)
ok(p.stack == [], "every element closed: %s" % p.stack[:5])
text = "".join(p.text)
for h in ["<script>window.__pwned=1</script>",
          '"><img src=x onerror="window.__pwned=1">',
          "</table></td><b>bold</b>", "x\u2028y\u2029z",
          "=cmd|' /C calc'!A0", "</style><style>*{display:none}",
          "'single' & \"double\" &amp;", "<b>cl</b>", '"><i>t</i>']:
    ok(h in text, "shown as text: %r" % h)
m = re.search(r'<meta charset="utf-8">\n<meta http-equiv="Content-Security-'
              r"Policy\" content=\"default-src 'none'; style-src '([^']*)'; "
              r"script-src '([^']*)'; base-uri 'none'; form-action 'none'\">",
              page)
ok(m is not None, "the CSP meta follows the charset meta")
def h(s):
    return "sha256-" + base64.b64encode(
        hashlib.sha256(s.encode()).digest()).decode()
style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
ok(m and m.group(1) == h(style), "style-src hash is the style's")
ok(m and m.group(2) == h(script), "script-src hash is the script's")
ok(page.count("<script") == 1, "no other <script in the bytes")
PY
python3 "$T_TMP/chk_html.py" "$T_TMP/h.html" "$rows" >"$T_TMP/tap" 2>&1 ||
    not_ok "chk_html.py ran: $(tail -1 "$T_TMP/tap")"
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "html: ${line#ok - }" ;;
	"not ok - "*) not_ok "html: ${line#not ok - }" ;;
	esac
done <"$T_TMP/tap"

# The CSP hash, recomputed with OpenSSL as the issue asks.
want=$(python3 -c 'import re,sys
p=open(sys.argv[1]).read()
sys.stdout.write(re.search(r"<script>(.*?)</script>",p,re.S).group(1))' \
    "$T_TMP/h.html" | openssl dgst -sha256 -binary | openssl base64 -A)
if grep -q "script-src 'sha256-$want'" "$T_TMP/h.html"; then
	ok "openssl agrees with the script hash"
else
	not_ok "openssl agrees with the script hash"
fi

# Deterministic: the same input and time give the same bytes.
SOURCE_DATE_EPOCH=1714564800 $VG "$R" -f html -c '<b>cl</b>' \
    -T '"><i>t</i>' -e "$F/hostile-expect.tsv" \
    -r "$F/hostile-records.tsv" <"$H" >"$T_TMP/h2.html"
same "html is deterministic (SOURCE_DATE_EPOCH = -t)" "$T_TMP/h.html" \
    "$T_TMP/h2.html"

# CSV: neutralised, then raw.
$VG "$R" -f csv <"$H" >"$T_TMP/h.csv"
status_is "csv of hostile input" 0 $?
$VG "$R" -f csv --raw --no-bom <"$H" >"$T_TMP/raw.csv"
cat >"$T_TMP/chk_csv.py" <<'PY'
import csv, io, sys
tsv, neut, raw = sys.argv[1:4]
def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)
want = [[unesc(f) for f in l.rstrip("\n").split("\t")]
        for l in open(tsv, encoding="utf-8")]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
b = open(neut, "rb").read()
ok(b.startswith(b"\xef\xbb\xbf"), "BOM first")
ok(b.endswith(b"\r\n"), "ends with CRLF")
recs = list(csv.reader(io.StringIO(b[3:].decode("utf-8"), newline="")))
ok(len(recs) == len(want), "one record per row plus the header")
ok(recs[0] == want[0], "header is the input's columns, extra ones too")
FORM = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
bad = []
for w, r in zip(want[1:], recs[1:]):
    for a, c in zip(w, r):
        exp = "'" + a if a.startswith(FORM) else a
        if c != exp:
            bad.append((a, c))
ok(bad == [], "formula cells get a leading ' and others stay: %r" % bad[:3])
ok(any(c == "'=cmd|' /C calc'!A0" for r in recs for c in r),
   "=cmd|' /C calc'!A0 is neutralised")
r = open(raw, "rb").read()
ok(not r.startswith(b"\xef\xbb\xbf"), "--no-bom: no BOM")
recs = list(csv.reader(io.StringIO(r.decode("utf-8"), newline="")))
ok(recs == want, "--raw: every value exactly as in the input")
lines = r.split(b"\r\n")
ok(all(l.startswith(b'"') for l in lines[:-1] if l), "every field quoted")
PY
python3 "$T_TMP/chk_csv.py" "$H" "$T_TMP/h.csv" "$T_TMP/raw.csv" \
    >"$T_TMP/tap" 2>&1 || not_ok "chk_csv.py ran: $(tail -1 "$T_TMP/tap")"
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "csv: ${line#ok - }" ;;
	"not ok - "*) not_ok "csv: ${line#not ok - }" ;;
	esac
done <"$T_TMP/tap"

# Bounded breakdowns: 10,005 distinct models, 10,000 are counted.
awk 'BEGIN { print "name\tmodel\tresult"
	for (i = 0; i < 10005; i++) printf "SEP%d\tm%05d\tmatch\n", i, i }' \
    >"$T_TMP/models.tsv"
$VG "$R" -f html -t 0 <"$T_TMP/models.tsv" >"$T_TMP/m.html"
status_is "10,005 distinct models" 0 $?
if grep -q '9900 more values and values past the first 10000' \
    "$T_TMP/m.html"; then
	ok "breakdown lists 100 and counts the rest"
else
	not_ok "breakdown lists 100 and counts the rest"
fi

# A 1 MB field is a row like another.
awk 'BEGIN { printf "name\tdescription\tresult\nSEP1\t"
	for (i = 0; i < 16384; i++) printf "<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'<&>\"'"'"'"
	printf "\tmismatch\n" }' >"$T_TMP/big.tsv"
$VG "$R" -f html -t 0 <"$T_TMP/big.tsv" >"$T_TMP/big.html"
status_is "a field of 655,360 markup characters" 0 $?
n=$(grep -o '&lt;&amp;&gt;&quot;&#39;' "$T_TMP/big.html" | wc -l)
status_is "all of it escaped" 131072 "$n"

# Errors.
"$R" -f html -t 0 <"$F/small.tsv" >/dev/full 2>"$T_TMP/err"
status_is "html to a full disk: exit 3" 3 $?
"$R" -f csv <"$F/small.tsv" >/dev/full 2>"$T_TMP/err"
status_is "csv to a full disk: exit 3" 3 $?
if grep -q '^ctl-render: write error' "$T_TMP/err"; then
	ok "full disk says write error"
else
	not_ok "full disk says write error"
fi
"$R" -f html -e "$T_TMP/nonexistent" <"$F/small.tsv" >/dev/null 2>&1
status_is "a missing -e file: exit 2" 2 $?
printf 'tftp_server\tfile\nx\n' >"$T_TMP/ragged.tsv"
"$R" -f html -r "$T_TMP/ragged.tsv" <"$F/small.tsv" >/dev/null 2>"$T_TMP/err"
status_is "a ragged -r file: exit 2" 2 $?
SOURCE_DATE_EPOCH=soon "$R" -f html </dev/null >/dev/null 2>&1
status_is "a bad SOURCE_DATE_EPOCH: exit 2" 2 $?
printf 'result\tx\nmatch\n' | "$R" -f csv >/dev/null 2>&1
status_is "a ragged input row: exit 2" 2 $?
"$R" -h >"$T_TMP/help"
status_is "-h: exit 0" 0 $?
if grep -q '^usage: ctl-render' "$T_TMP/help"; then
	ok "-h prints the usage"
else
	not_ok "-h prints the usage"
fi
"$R" -V >/dev/null
status_is "-V: exit 0" 0 $?
# The usage text is the man page's SYNOPSIS.
syn=$(mandoc -T utf8 -O width=200 "$ROOT/man/ctl-render.1" 2>/dev/null |
    col -b | sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//; s/  */ /g')
use=$(head -c 400 "$T_TMP/help" | tr '\n' ' ' | sed 's/^usage: //; s/  */ /g; s/ $//')
if [ -n "$syn" ] && [ "$syn" = "$use" ]; then
	ok "usage matches the man page SYNOPSIS"
else
	not_ok "usage matches the man page SYNOPSIS"
	diag "man: $syn"
	diag "use: $use"
fi
done_testing
