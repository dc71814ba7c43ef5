//! A map from short byte strings to small values, for the few dozen different values an HR
//! column holds across a million rows. A lookup reads the key's first and last eight bytes,
//! hashes them, and compares them with a stored key's; only a key of more than 16 bytes then
//! needs its middle compared. That is faster than a general hash map, which hashes every byte.

pub(crate) struct ByteMap<T> {
    slots: Vec<Option<Slot<T>>>,
    len: usize,
}

#[derive(Clone)]
struct Slot<T> {
    ends: Ends,
    key: Box<[u8]>,
    value: T,
}

/// A key's length and its first and last bytes, which for a key of up to 16 bytes is the
/// whole key.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Ends(usize, u64, u64);

impl Ends {
    fn of(key: &[u8]) -> Self {
        let n = key.len();
        let u64_at = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&key[i..i + 8]);
            u64::from_le_bytes(w)
        };
        let u32_at = |i: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&key[i..i + 4]);
            u64::from(u32::from_le_bytes(w))
        };
        // Overlapping reads that between them cover every byte of the key.
        match n {
            8.. => Ends(n, u64_at(0), u64_at(n - 8)),
            4..8 => Ends(n, u32_at(0) | u32_at(n - 4) << 32, 0),
            1..4 => Ends(
                n,
                u64::from(key[0]) | u64::from(key[n / 2]) << 8 | u64::from(key[n - 1]) << 16,
                0,
            ),
            0 => Ends(0, 0, 0),
        }
    }

    fn hash(self) -> usize {
        let mixed =
            (self.1 ^ self.2.rotate_left(29) ^ self.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize
    }
}

impl<T: Copy> ByteMap<T> {
    pub fn new() -> Self {
        ByteMap {
            slots: vec![None; 64],
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn get(&self, key: &[u8]) -> Option<T> {
        let ends = Ends::of(key);
        let mask = self.slots.len() - 1;
        let mut i = ends.hash() & mask;
        loop {
            match &self.slots[i] {
                None => return None,
                Some(slot) if slot.ends == ends && (ends.0 <= 16 || *slot.key == *key) => {
                    return Some(slot.value);
                }
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    /// Adds a key that is not there yet.
    pub fn insert(&mut self, key: &[u8], value: T) {
        if (self.len + 1) * 2 > self.slots.len() {
            let bigger = vec![None; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            self.len = 0;
            for slot in old.into_iter().flatten() {
                self.insert(&slot.key, slot.value);
            }
        }
        let ends = Ends::of(key);
        let mask = self.slots.len() - 1;
        let mut i = ends.hash() & mask;
        while self.slots[i].is_some() {
            i = (i + 1) & mask;
        }
        self.slots[i] = Some(Slot {
            ends,
            key: key.into(),
            value,
        });
        self.len += 1;
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], T)> {
        self.slots.iter().flatten().map(|s| (&*s.key, s.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_put_in_and_nothing_else() {
        let mut map = ByteMap::new();
        let keys: Vec<String> = (0..1000)
            .map(|i| format!("Grade {i} of the pay scale"))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k.as_bytes()), None);
            map.insert(k.as_bytes(), i);
        }
        assert_eq!(map.len(), 1000);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k.as_bytes()), Some(i));
        }
        // Same ends, different middles; and keys shorter than a word.
        assert_eq!(map.get(b"Grade 1 of the pay scalX"), None);
        map.insert(b"", 5000);
        map.insert(b"F", 5001);
        assert_eq!(
            (map.get(b""), map.get(b"F"), map.get(b"M")),
            (Some(5000), Some(5001), None)
        );
        assert_eq!(map.iter().count(), 1002);
        // Every short key is told apart from every other of its length.
        let mut short = ByteMap::new();
        let keys: Vec<Vec<u8>> = (0..=16usize)
            .flat_map(|n| (0..n).map(move |i| (0..n).map(|j| b'a' + u8::from(i == j)).collect()))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            short.insert(k, i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(short.get(k), Some(i));
        }
        assert_eq!(short.get(b"aaaa"), None);
    }
}
