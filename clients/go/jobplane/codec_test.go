package jobplane

import (
	"testing"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// A Struct payload (oneofs inside) round-trips through the codec the client
// forces; Debian's grpc default codec panics on it.
func TestCodecRoundTripsStructs(t *testing.T) {
	payload, err := structpb.NewStruct(map[string]interface{}{"n": 1.0, "list": []interface{}{"a", true}})
	if err != nil {
		t.Fatal(err)
	}
	in := &pb.SubmitJobRequest{Type: "go.echo", Payload: payload}
	data, err := codec{}.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := &pb.SubmitJobRequest{}
	if err := (codec{}).Unmarshal(data, out); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(in, out) {
		t.Fatalf("round trip changed the message: %v != %v", in, out)
	}
	if _, err := (codec{}).Marshal("not a message"); err == nil {
		t.Fatal("a non-message must be refused")
	}
}
