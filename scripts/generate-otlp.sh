#!/usr/bin/env bash
# Regenerates Sources/SpanscopeOTLP/Generated/ from the OTLP .proto files (not run by CI:
# the generated code is committed). Needs protoc (Debian's protobuf-compiler) and a
# protoc-gen-swift built from the swift-protobuf version that Package.swift names:
#   git clone -b 1.39.0 /opt/swift-packages/apple/swift-protobuf.git /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && swift build -c release --product protoc-gen-swift)
#   bash scripts/generate-otlp.sh /tmp/swift-protobuf/.build/release/protoc-gen-swift [proto-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${1:?path to protoc-gen-swift}
protos=${2:-../shared/otlp-proto}
out=Sources/SpanscopeOTLP/Generated
rm -rf "$out" && mkdir -p "$out"
files=$(cd "$protos" && find opentelemetry -name '*.proto' | sort)
protoc --plugin=protoc-gen-swift="$plugin" -I "$protos" \
    --swift_opt=Visibility=Public --swift_opt=UseAccessLevelOnImports=true \
    --swift_opt=FileNaming=PathToUnderscores --swift_out="$out" $files
