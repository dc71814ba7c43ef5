//! Employee references are replaced on import by a keyed hash (HMAC-SHA-256, RFC 2104) with a
//! secret held per organisation. The same person gets the same pseudonym in every snapshot, so
//! trends can follow people, but nobody without the secret can turn one back into a reference,
//! and raw references are never stored.
//!
//! Keys can be replaced (rotated) without the references: the stored pseudonyms are hashed
//! again with the new key, and from then on a reference is hashed with each key in turn. A key
//! that leaks after it was replaced then matches nothing stored.

use sha2::{Digest, Sha256};

/// A keyed hash ready to use. The key's inner and outer blocks are hashed once, here, so each
/// reference of up to 55 bytes costs exactly two runs of SHA-256's block function.
#[derive(Clone)]
pub struct Pseudonymiser {
    inner: [u32; 8],
    outer: [u32; 8],
    /// Keys that replaced this one, oldest first: each hashes the pseudonym before it.
    then: Vec<Pseudonymiser>,
}

const BLOCK: usize = 64;
/// SHA-256's starting state (FIPS 180-4, 5.3.3).
const INITIAL: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
/// The longest message that fits, with its padding, in the one block after the key's.
const ONE_BLOCK: usize = BLOCK - 9;

/// Runs the block function on the end of a message: `rest` (under a block long), then
/// SHA-256's padding for a message of `total` bytes, which takes one block or two.
fn finish(state: &mut [u32; 8], rest: &[u8], total: usize) {
    let mut blocks = [0u8; 2 * BLOCK];
    blocks[..rest.len()].copy_from_slice(rest);
    blocks[rest.len()] = 0x80;
    let end = if rest.len() <= ONE_BLOCK {
        BLOCK
    } else {
        2 * BLOCK
    };
    blocks[end - 8..end].copy_from_slice(&((total as u64) * 8).to_be_bytes());
    let (first, second) = blocks.split_at(BLOCK);
    if end == BLOCK {
        sha2::compress256(state, &[block(first).into()]);
    } else {
        sha2::compress256(state, &[block(first).into(), block(second).into()]);
    }
}

/// One block, as the block function takes it.
fn block(bytes: &[u8]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    block.copy_from_slice(bytes);
    block
}

fn digest_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

impl Pseudonymiser {
    pub fn new(secret: &[u8]) -> Self {
        let mut key = [0u8; BLOCK];
        if secret.len() > BLOCK {
            key[..32].copy_from_slice(&Sha256::digest(secret));
        } else {
            key[..secret.len()].copy_from_slice(secret);
        }
        let pad = |byte: u8| {
            let mut state = INITIAL;
            sha2::compress256(&mut state, &[key.map(|k| k ^ byte).into()]);
            state
        };
        Self {
            inner: pad(0x36),
            outer: pad(0x5c),
            then: Vec::new(),
        }
    }

    /// A key followed by the keys that replaced it, oldest first.
    pub fn chain<'a>(secrets: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let mut keys = secrets.into_iter().map(Pseudonymiser::new);
        let mut first = keys.next()?;
        first.then = keys.collect();
        Some(first)
    }

    /// What a pseudonym made with the keys before becomes under this key (its rotation).
    pub fn rekey(&self, pseudonym: u128) -> u128 {
        self.one(pseudonym_text(pseudonym).as_bytes())
    }

    /// The full HMAC of `message`.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut inner = self.inner;
        let whole = message.len() / BLOCK * BLOCK;
        if whole > 0 {
            let blocks: Vec<_> = message[..whole]
                .chunks_exact(BLOCK)
                .map(|b| block(b).into())
                .collect();
            sha2::compress256(&mut inner, &blocks);
        }
        finish(&mut inner, &message[whole..], BLOCK + message.len());
        let mut outer = self.outer;
        finish(&mut outer, &digest_bytes(&inner), BLOCK + 32);
        digest_bytes(&outer)
    }

    /// The pseudonym of an employee reference: the first 128 bits of its HMAC. References are
    /// compared without surrounding spaces or letter case, as payroll systems differ in both.
    pub fn pseudonym(&self, reference: &[u8]) -> u128 {
        let first = self.one(reference);
        self.then.iter().fold(first, |p, key| key.rekey(p))
    }

    /// The pseudonym under this key alone.
    fn one(&self, reference: &[u8]) -> u128 {
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
        // Test case 7: a message of more than two blocks.
        let mac = Pseudonymiser::new(&[0xaa; 131]).mac(
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        );
        assert_eq!(
            hex(&mac),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        );
    }

    #[test]
    fn matches_hmac_written_the_long_way_for_every_length() {
        // HMAC as RFC 2104 writes it, with whole SHA-256 digests, for messages that end in
        // every place a block can: the block function is driven by hand above.
        let secret = b"a secret of some length";
        let mut key = [0u8; BLOCK];
        key[..secret.len()].copy_from_slice(secret);
        let by_the_book = |m: &[u8]| {
            let mut inner = Sha256::new();
            inner.update(key.map(|k| k ^ 0x36));
            inner.update(m);
            let mut outer = Sha256::new();
            outer.update(key.map(|k| k ^ 0x5c));
            outer.update(inner.finalize());
            let digest: [u8; 32] = outer.finalize().into();
            digest
        };
        let p = Pseudonymiser::new(secret);
        let message: Vec<u8> = (0..=200u8).collect();
        for len in 0..=message.len() {
            assert_eq!(
                p.mac(&message[..len]),
                by_the_book(&message[..len]),
                "length {len}"
            );
        }
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

    #[test]
    fn a_rotated_chain_gives_what_rekeying_the_stored_pseudonym_gives() {
        let old = Pseudonymiser::new(b"first key of at least thirty-two bytes");
        let new = Pseudonymiser::new(b"second key, made when the first was rotated");
        let chain = Pseudonymiser::chain([
            &b"first key of at least thirty-two bytes"[..],
            &b"second key, made when the first was rotated"[..],
        ])
        .unwrap();
        let stored = old.pseudonym(b"E1234");
        assert_eq!(chain.pseudonym(b"e1234"), new.rekey(stored));
        // The old key alone no longer finds the person.
        assert_ne!(chain.pseudonym(b"E1234"), stored);
        assert_ne!(chain.pseudonym(b"E1234"), new.pseudonym(b"E1234"));
        assert!(Pseudonymiser::chain(std::iter::empty()).is_none());
    }
}
