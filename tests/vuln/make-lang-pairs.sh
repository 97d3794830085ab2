#!/bin/sh
# make-lang-pairs.sh — regenerates the language-ecosystem fixtures of
# tests/unit/test_vuln_version_lang.c: a few thousand version pairs per
# ecosystem (lang_pairs.py builds the deterministic list), each with the
# verdict of the ecosystem's own implementation:
#   maven:    org.apache.maven.artifact.versioning.ComparableVersion#compareTo
#             (the maven-artifact jar of the installed Maven)
#   pypi:     packaging.version.Version (python3-packaging), "err" when it
#             raises InvalidVersion
#   gem:      Gem::Version#<=> (ruby's bundled RubyGems), "err" when
#             Gem::Version.new raises ArgumentError
#   composer: version_compare() of the two versions after Composer's
#             VersionParser::normalize() (php-composer-semver), "err" when
#             normalize() throws or gives a branch ("dev-..."), which
#             Composer never orders against versions
#   golang:   golang.org/x/mod/semver.Compare, "err" when semver.IsValid is
#             false; a version without its leading 'v' (as OSV's Go records
#             write them) is given one first; pairs with a valid short form
#             ("v1", "v1.2") are left out, as module versions are always
#             written in full
# Output: tests/vuln/ECO-pairs.tsv, lines A<TAB>B<TAB>verdict with verdict
# -1, 0, 1 or err. Needs /usr/bin/python3 with python3-packaging, java and
# Maven, ruby, php-cli with php-composer-semver, golang-go with
# golang-golang-x-mod-dev (all Debian packages).
# Usage: tests/vuln/make-lang-pairs.sh [maven|pypi|gem|composer|golang]...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- maven pypi gem composer golang

for eco in "$@"; do
  /usr/bin/python3 "$here/lang_pairs.py" "$eco" "$tmp/$eco.in"
  out="$here/$eco-pairs.tsv"
  case $eco in
  maven)
    jar=$(ls /usr/share/maven/lib/maven-artifact-*.jar | head -n 1)
    cat >"$tmp/Oracle.java" <<'JAVA'
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class Oracle {
    public static void main(String[] args) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                 new FileInputStream(args[0]), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(new FileOutputStream(args[1]),
                 StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                String a = line.substring(0, tab), b = line.substring(tab + 1);
                int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
                out.write(a + "\t" + b + "\t" + Integer.signum(c) + "\n");
            }
        }
    }
}
JAVA
    java -cp "$jar" "$tmp/Oracle.java" "$tmp/$eco.in" "$out"
    ;;
  pypi)
    /usr/bin/python3 - "$tmp/$eco.in" "$out" <<'PY'
import sys
from packaging.version import InvalidVersion, Version
def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        return None
with open(sys.argv[1], encoding="utf-8", newline="\n") as f, \
     open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
    for line in f:
        a, b = line[:-1].split("\t")
        x, y = parse(a), parse(b)
        v = "err" if x is None or y is None else str((x > y) - (x < y))
        out.write(f"{a}\t{b}\t{v}\n")
PY
    ;;
  gem)
    ruby -e '
      out = File.open(ARGV[1], "w:UTF-8")
      File.foreach(ARGV[0], encoding: "UTF-8") do |line|
        a, b = line.chomp("\n").split("\t", -1)
        v = begin
          (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
        rescue ArgumentError
          "err"
        end
        out.write("#{a}\t#{b}\t#{v}\n")
      end
      out.close' "$tmp/$eco.in" "$out"
    ;;
  composer)
    php -r '
      require "/usr/share/php/Composer/Semver/autoload.php";
      $p = new Composer\Semver\VersionParser();
      $norm = function ($v) use ($p) {
          try { $n = $p->normalize($v); } catch (UnexpectedValueException $e) { return null; }
          return strpos($n, "dev-") === 0 ? null : $n;
      };
      $in = fopen($argv[1], "rb"); $out = fopen($argv[2], "wb");
      while (($line = fgets($in)) !== false) {
          [$a, $b] = explode("\t", substr($line, 0, -1));
          $x = $norm($a); $y = $norm($b);
          $v = ($x === null || $y === null) ? "err" : (string)version_compare($x, $y);
          fwrite($out, "$a\t$b\t$v\n");
      }' "$tmp/$eco.in" "$out"
    ;;
  golang)
    mkdir -p "$tmp/go/oracle"
    cat >"$tmp/go/oracle/main.go" <<'GO'
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

// short reports a valid version written in the short form (v1, v1.2).
func short(v string) bool {
	if !semver.IsValid(v) {
		return false
	}
	core := strings.SplitN(strings.SplitN(v, "+", 2)[0], "-", 2)[0]
	return strings.Count(core, ".") < 2
}

// withV gives v its leading 'v' when it has none.
func withV(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

func main() {
	in, _ := os.Open(os.Args[1])
	out, _ := os.Create(os.Args[2])
	w := bufio.NewWriter(out)
	s := bufio.NewScanner(in)
	for s.Scan() {
		f := strings.SplitN(s.Text(), "\t", 2)
		a, b := f[0], f[1]
		va, vb := withV(a), withV(b)
		if short(va) || short(vb) {
			continue
		}
		v := "err"
		if semver.IsValid(va) && semver.IsValid(vb) {
			v = fmt.Sprint(semver.Compare(va, vb))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", a, b, v)
	}
	w.Flush()
	out.Close()
}
GO
    (cd "$tmp/go/oracle" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$tmp/gocache" \
      go run main.go "$tmp/$eco.in" "$out")
    ;;
  *)
    echo "unknown ecosystem $eco" >&2
    exit 2
    ;;
  esac
  wc -l "$out"
done
