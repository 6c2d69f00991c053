//! The client's address, for throttling and the audit log. Behind a reverse proxy every
//! connection comes from the proxy, so `X-Forwarded-For` is read, but only when the
//! connection comes from a proxy the configuration trusts (`trusted_proxies`); anyone else
//! could write any address there.

use actix_web::HttpRequest;
use std::net::IpAddr;

/// An address or a network (`10.0.0.0/8`, `fd00::/8`) of trusted proxies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(text: &str) -> Option<Network> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let base: IpAddr = address.trim().parse().ok()?;
        let bits = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { base, prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let (base, address, bits) = match (self.base, address.to_canonical()) {
            (IpAddr::V4(base), IpAddr::V4(address)) => (u32::from(base) as u128, u32::from(address) as u128, 32),
            (IpAddr::V6(base), IpAddr::V6(address)) => (u128::from(base), u128::from(address), 128),
            _ => return false,
        };
        let host_bits = bits - u32::from(self.prefix);
        host_bits >= bits || (base >> host_bits) == (address >> host_bits)
    }
}

/// The comma-separated networks of a setting; `Err` names the first that is not one.
pub fn parse_networks(text: &str) -> Result<Vec<Network>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| Network::parse(part).ok_or_else(|| format!("{part:?} is not an address or a network")))
        .collect()
}

/// The address the request came from: the peer, or, when the peer is a trusted proxy, the
/// last address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_address(req: &HttpRequest, trusted: &[Network]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip().to_canonical()) else {
        return String::new();
    };
    from_forwarded(peer, req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()), trusted).to_string()
}

fn from_forwarded(peer: IpAddr, forwarded: Option<&str>, trusted: &[Network]) -> IpAddr {
    let is_trusted = |address: IpAddr| trusted.iter().any(|network| network.contains(address));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    // Right to left: each hop was appended by the proxy before it; stop at the first one
    // no trusted proxy vouches for.
    for hop in forwarded.unwrap_or_default().rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(address) => {
                client = address.to_canonical();
                if !is_trusted(client) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn networks_contain_their_addresses() {
        let private = Network::parse("10.0.0.0/8");
        assert!(private.is_some_and(|n| n.contains(ip("10.1.2.3")) && !n.contains(ip("11.0.0.1"))));
        assert!(
            Network::parse("127.0.0.1").is_some_and(|n| n.contains(ip("127.0.0.1")) && !n.contains(ip("127.0.0.2")))
        );
        assert!(Network::parse("fd00::/8").is_some_and(|n| n.contains(ip("fd12::1")) && !n.contains(ip("fe80::1"))));
        assert!(Network::parse("0.0.0.0/0").is_some_and(|n| n.contains(ip("8.8.8.8"))));
        assert!(Network::parse("10.0.0.0/33").is_none() && Network::parse("proxy").is_none());
        assert!(parse_networks("10.0.0.1, 192.168.0.0/16").is_ok_and(|n| n.len() == 2));
        assert!(parse_networks("10.0.0.1, nope").is_err());
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let trusted = parse_networks("10.0.0.0/8").unwrap_or_default();
        let forwarded = Some("203.0.113.7, 10.0.0.5");
        // Straight from the internet: the header is whatever the client wrote.
        assert_eq!(from_forwarded(ip("198.51.100.1"), forwarded, &trusted), ip("198.51.100.1"));
        // Through the proxy: the last hop no trusted proxy added.
        assert_eq!(from_forwarded(ip("10.0.0.2"), forwarded, &trusted), ip("203.0.113.7"));
        assert_eq!(from_forwarded(ip("10.0.0.2"), Some("1.1.1.1, 203.0.113.7"), &trusted), ip("203.0.113.7"));
        assert_eq!(from_forwarded(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(from_forwarded(ip("10.0.0.2"), Some("garbage"), &trusted), ip("10.0.0.2"));
        // Nothing trusted (the default): the peer.
        assert_eq!(from_forwarded(ip("10.0.0.2"), forwarded, &[]), ip("10.0.0.2"));
    }
}
