//! Employee references are replaced on import by a keyed hash (HMAC-SHA-256, RFC 2104) with a
//! secret held per organisation. The same person gets the same pseudonym in every snapshot, so
//! trends can follow people, but nobody without the secret can turn one back into a reference,
//! and raw references are never stored.

use sha2::{Digest, Sha256};

/// A keyed hash ready to use: the key's inner and outer blocks are hashed once, so each
/// reference costs two SHA-256 blocks.
#[derive(Clone)]
pub struct Pseudonymiser {
    inner: Sha256,
    outer: Sha256,
}

const BLOCK: usize = 64;

impl Pseudonymiser {
    pub fn new(secret: &[u8]) -> Self {
        let mut key = [0u8; BLOCK];
        if secret.len() > BLOCK {
            key[..32].copy_from_slice(&Sha256::digest(secret));
        } else {
            key[..secret.len()].copy_from_slice(secret);
        }
        let pad = |byte: u8| {
            let mut h = Sha256::new();
            h.update(key.map(|k| k ^ byte));
            h
        };
        Self {
            inner: pad(0x36),
            outer: pad(0x5c),
        }
    }

    /// The full HMAC of `message`.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        inner.update(message);
        let mut outer = self.outer.clone();
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    /// The pseudonym of an employee reference: the first 128 bits of its HMAC. References are
    /// compared without surrounding spaces or letter case, as payroll systems differ in both.
    pub fn pseudonym(&self, reference: &[u8]) -> u128 {
        let trimmed = reference.trim_ascii();
        let mac = if trimmed.iter().any(u8::is_ascii_lowercase) {
            self.mac(&trimmed.to_ascii_uppercase())
        } else {
            self.mac(trimmed)
        };
        let mut first = [0u8; 16];
        first.copy_from_slice(&mac[..16]);
        u128::from_be_bytes(first)
    }
}

/// How a pseudonym is written down: 32 hexadecimal digits.
pub fn pseudonym_text(p: u128) -> String {
    format!("{p:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn rfc_4231_vectors() {
        // Test case 1: a 20-byte key of 0x0b, "Hi There".
        let mac = Pseudonymiser::new(&[0x0b; 20]).mac(b"Hi There");
        assert_eq!(
            hex(&mac),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 6: a 131-byte key, longer than a block.
        let mac = Pseudonymiser::new(&[0xaa; 131])
            .mac(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn same_reference_same_pseudonym_and_secret_matters() {
        let a = Pseudonymiser::new(b"dudley secret");
        let b = Pseudonymiser::new(b"cumbria secret");
        assert_eq!(a.pseudonym(b"e1234 "), a.pseudonym(b"E1234"));
        assert_ne!(a.pseudonym(b"E1234"), a.pseudonym(b"E1235"));
        assert_ne!(a.pseudonym(b"E1234"), b.pseudonym(b"E1234"));
        assert_eq!(pseudonym_text(a.pseudonym(b"E1234")).len(), 32);
    }
}
