package harvester

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestAddressPolicy(t *testing.T) {
	tests := []struct {
		addr          string
		allowLoopback bool
		ok            bool
	}{
		{"93.184.216.34", false, true},
		{"2a00:1450:4001:81b::200e", false, true},
		{"127.0.0.1", false, false},
		{"127.0.0.1", true, true},
		{"127.8.9.10", true, true},
		{"::1", false, false},
		{"::1", true, true},
		{"10.1.2.3", true, false},
		{"172.16.0.1", true, false},
		{"172.31.255.255", false, false},
		{"172.32.0.1", false, true},
		{"192.168.1.1", true, false},
		{"169.254.169.254", true, false}, // cloud metadata
		{"100.64.0.1", false, false},
		{"0.0.0.0", true, false},
		{"224.0.0.1", false, false},
		{"255.255.255.255", false, false},
		{"fc00::1", false, false},
		{"fd00:ec2::254", true, false}, // AWS metadata over IPv6
		{"fe80::1", false, false},
		{"::ffff:10.0.0.1", true, false}, // IPv4-mapped private
		{"::ffff:127.0.0.1", true, true},
		{"2002:a00:1::", false, false}, // 6to4 wrapping 10.0.0.1
	}
	for _, tt := range tests {
		err := AddressPolicy{AllowLoopback: tt.allowLoopback}.Check(netip.MustParseAddr(tt.addr))
		if (err == nil) != tt.ok {
			t.Errorf("Check(%s, loopback=%v) = %v, want ok=%v", tt.addr, tt.allowLoopback, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Check(%s) error %v does not wrap ErrForbiddenAddress", tt.addr, err)
		}
	}
}

// TestDialerRefusesBeforeConnecting resolves a test host name to private
// addresses with a stub resolver and checks that the transport refuses the
// dial in its Control hook: no packet leaves the machine, because the hook
// runs before connect(2) and the stub never queries a real DNS server.
func TestDialerRefusesBeforeConnecting(t *testing.T) {
	for _, addr := range []string{"10.0.0.7", "169.254.169.254", "192.168.0.10", "fd00::1"} {
		t.Run(addr, func(t *testing.T) {
			var lookups atomic.Int32
			resolver := stubResolver(t, addr, &lookups)
			tr := NewTransport(AddressPolicy{}, 2*time.Second, resolver)
			client := &http.Client{Transport: tr}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", "http://partner.test/page", nil)
			start := time.Now()
			_, err := client.Do(req)
			if err == nil {
				t.Fatal("request to a private address succeeded")
			}
			if !errors.Is(err, ErrForbiddenAddress) {
				t.Fatalf("error %v does not say the address is forbidden", err)
			}
			if lookups.Load() == 0 {
				t.Error("the stub resolver was not used")
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("refusal took %v: it must happen before connecting", time.Since(start))
			}
		})
	}
}

// stubResolver answers every DNS question for partner.test with ip, from an
// in-process fake DNS server reached through a net.Pipe — no socket at all.
func stubResolver(t *testing.T, ip string, lookups *atomic.Int32) *net.Resolver {
	addr := netip.MustParseAddr(ip)
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			client, server := net.Pipe()
			go serveDNS(server, addr, lookups)
			return client, nil
		},
	}
}

// serveDNS answers DNS queries with one A or AAAA record for any name. A
// net.Pipe is not a PacketConn, so Go's resolver frames messages as over
// TCP: a two-byte length, then the message.
func serveDNS(conn net.Conn, addr netip.Addr, lookups *atomic.Int32) {
	defer conn.Close()
	for {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		var size [2]byte
		if _, err := io.ReadFull(conn, size[:]); err != nil {
			return
		}
		q := make([]byte, int(size[0])<<8|int(size[1]))
		if _, err := io.ReadFull(conn, q); err != nil {
			return
		}
		lookups.Add(1)
		if len(q) < 12 {
			return
		}
		// Find the end of the question name.
		i := 12
		for i < len(q) && q[i] != 0 {
			i += int(q[i]) + 1
		}
		if i+5 > len(q) {
			return
		}
		qtype := uint16(q[i+1])<<8 | uint16(q[i+2])
		question := q[12 : i+5]
		resp := []byte{q[0], q[1], 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0}
		var rdata []byte
		if qtype == 1 && addr.Is4() {
			a := addr.As4()
			rdata = a[:]
		} else if qtype == 28 && addr.Is6() {
			a := addr.As16()
			rdata = a[:]
		}
		resp = append(resp, question...)
		if rdata != nil {
			resp[7] = 1
			resp = append(resp, 0xc0, 12, byte(qtype>>8), byte(qtype), 0, 1, 0, 0, 0, 60, 0, byte(len(rdata)))
			resp = append(resp, rdata...)
		}
		if _, err := conn.Write(append([]byte{byte(len(resp) >> 8), byte(len(resp))}, resp...)); err != nil {
			return
		}
	}
}

func TestControlParsesAddress(t *testing.T) {
	err := AddressPolicy{}.Control("tcp", "not-an-address", nil)
	if err == nil || !strings.Contains(err.Error(), "cannot parse") {
		t.Errorf("Control(garbage) = %v", err)
	}
	if err := (AddressPolicy{}).Control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
}
