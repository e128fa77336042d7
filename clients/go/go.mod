// Module-mode builds (with a module proxy) use this file; the repository's own
// build (`make go`) is GOPATH mode against Debian's packages, whose versions
// these requirements match.
module github.com/jobplane/jobplane/clients/go

go 1.19

require (
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)
