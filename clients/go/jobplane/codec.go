package jobplane

import (
	"fmt"

	"google.golang.org/protobuf/proto"
)

// codec marshals with google.golang.org/protobuf (API v2). Debian's grpc-go 1.33
// encodes with github.com/golang/protobuf 1.3, whose table marshaler cannot
// encode API v2 messages that hold oneofs (every google.protobuf.Struct does):
// it panics. Dial forces this codec on every call of its connection.
type codec struct{}

func (codec) Marshal(v interface{}) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("jobplane: cannot marshal %T: not a proto.Message", v)
	}
	return proto.Marshal(m)
}

func (codec) Unmarshal(data []byte, v interface{}) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("jobplane: cannot unmarshal into %T: not a proto.Message", v)
	}
	return proto.Unmarshal(data, m)
}

// Name is "proto": the content subtype on the wire stays application/grpc+proto.
func (codec) Name() string { return "proto" }
