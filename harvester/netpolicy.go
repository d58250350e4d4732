package harvester

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is returned when the harvester refuses to connect to
// an address: loopback, private, link-local, cloud metadata and other
// non-public ranges are refused unless a source is marked local.
var ErrForbiddenAddress = errors.New("address not allowed")

// blockedPrefixes are the ranges a harvester must not reach on behalf of a
// partner page: RFC 6890 special-purpose ranges and cloud metadata services.
var blockedPrefixes = mustPrefixes(
	"0.0.0.0/8",       // "this" network
	"10.0.0.0/8",      // private
	"100.64.0.0/10",   // carrier-grade NAT
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local, incl. 169.254.169.254 metadata
	"172.16.0.0/12",   // private
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation
	"192.88.99.0/24",  // 6to4 relay anycast
	"192.168.0.0/16",  // private
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation
	"203.0.113.0/24",  // documentation
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, incl. broadcast
	"::/128",          // unspecified
	"::1/128",         // loopback
	"64:ff9b:1::/48",  // local-use NAT64
	"100::/64",        // discard-only
	"2001::/23",       // IETF protocol assignments (Teredo, ORCHIDv2, …)
	"2001:db8::/32",   // documentation
	"2002::/16",       // 6to4 (embeds arbitrary IPv4 addresses)
	"fc00::/7",        // unique local, incl. fd00:ec2::254 metadata
	"fe80::/10",       // link-local
	"ff00::/8",        // multicast
)

var loopbackPrefixes = mustPrefixes("127.0.0.0/8", "::1/128")

func mustPrefixes(ss ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		ps[i] = netip.MustParsePrefix(s)
	}
	return ps
}

// AddressPolicy decides which IP addresses may be dialled.
type AddressPolicy struct {
	// AllowLoopback permits 127.0.0.0/8 and ::1 (for sources marked local:
	// the demo sites and tests). Private and link-local ranges stay refused.
	AllowLoopback bool
	// Allow lists ranges that may be dialled although they are not public —
	// a partner site on a private network, chosen by the operator. They
	// are checked first, so keep them as narrow as the partner's hosts.
	Allow []netip.Prefix
}

// Check returns nil if ip may be dialled, or an error wrapping
// ErrForbiddenAddress that says why not.
func (p AddressPolicy) Check(ip netip.Addr) error {
	ip = ip.Unmap() // ::ffff:10.0.0.1 is 10.0.0.1
	if !ip.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrForbiddenAddress)
	}
	for _, pre := range p.Allow {
		if pre.Contains(ip) {
			return nil
		}
	}
	for _, pre := range loopbackPrefixes {
		if pre.Contains(ip) {
			if p.AllowLoopback {
				return nil
			}
			return fmt.Errorf("%w: %s is a loopback address (the source is not marked local)", ErrForbiddenAddress, ip)
		}
	}
	for _, pre := range blockedPrefixes {
		if pre.Contains(ip) {
			return fmt.Errorf("%w: %s is in the non-public range %s", ErrForbiddenAddress, ip, pre)
		}
	}
	return nil
}

// Control is a net.Dialer Control hook: it runs after name resolution and
// before the socket connects, so it sees the real address of every
// connection — including connections made after redirects and to names that
// resolve to private addresses.
func (p AddressPolicy) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse %q: %v", ErrForbiddenAddress, address, err)
	}
	if err := p.Check(ap.Addr()); err != nil {
		return fmt.Errorf("dial %s %s: %w", network, address, err)
	}
	return nil
}

// NewTransport returns an HTTP transport whose every connection is checked by
// policy. It never uses a proxy from the environment: the check must see the
// address actually dialled. resolver may be nil (the system resolver).
func NewTransport(policy AddressPolicy, timeout time.Duration, resolver *net.Resolver) *http.Transport {
	dialer := &net.Dialer{
		Timeout:   timeout,
		KeepAlive: 30 * time.Second,
		Control:   policy.Control,
		Resolver:  resolver,
	}
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    timeout,
		ResponseHeaderTimeout:  timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
}
