//! [`Text`]: an immutable string in one word, for the strings events carry.
//!
//! A `String` is three words and a `Box<str>` two; with either, a `Spawn` or a `Print` event
//! would not fit the 32 bytes an [`Event`](crate::Event) takes. A `Text` is one word: a text
//! short enough (7 bytes on 64-bit targets, 3 on wasm32) sits in the word itself, as a small
//! string does in `compact_str` or `smol_str`; a longer one is a pointer to a heap block that
//! holds the length and then the bytes, like `thin-vec`'s vectors (the executor has no
//! dependencies, so it is written here). The short texts are most of what a trace holds (task
//! names such as `main`, the `()` a task returns), so most events allocate nothing; a longer
//! text makes one allocation, as a `String` does.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::fmt;
use std::ops::Deref;
use std::ptr::NonNull;

/// An immutable UTF-8 string the size of a pointer. It derefs to `str`; `Debug` and `Display`
/// print as a `str` does.
pub struct Text {
    /// Either a block of [`Text::layout`]`(len)` (`len` as a `usize`, then `len` bytes of
    /// UTF-8), whose address is even, or, with the lowest bit set, the text itself: the word's
    /// first byte in memory is `len << 1 | 1`, the next `len` bytes are the text (an address
    /// without provenance, never dereferenced).
    ptr: NonNull<usize>,
}

/// How many bytes fit in the word. Only on little-endian targets, where the word's first byte
/// in memory is its lowest (the one with the tag bit).
const INLINE: usize = if cfg!(target_endian = "little") { std::mem::size_of::<usize>() - 1 } else { 0 };

// SAFETY: a `Text` owns its block (or holds its bytes in itself) and never changes it after
// creation, so it can be sent to another thread like a `Box<str>`.
unsafe impl Send for Text {}
// SAFETY: as for `Send`: shared, it only gives out `&str`s of bytes nobody writes.
unsafe impl Sync for Text {}

impl Text {
    /// The block holding `len` bytes after the header.
    fn layout(len: usize) -> Layout {
        let size = std::mem::size_of::<usize>().checked_add(len).expect("text length overflows");
        Layout::from_size_align(size, std::mem::align_of::<usize>()).expect("text layout")
    }

    /// A copy of `s`.
    pub fn new(s: &str) -> Text {
        if s.len() <= INLINE {
            let mut word = [0u8; std::mem::size_of::<usize>()];
            word[0] = (s.len() as u8) << 1 | 1;
            word[1..=s.len()].copy_from_slice(s.as_bytes());
            let word = usize::from_ne_bytes(word);
            // The lowest bit is set (`word[0]` is odd on a little-endian target): not null.
            let ptr = NonNull::new(std::ptr::without_provenance_mut(word)).expect("an odd word is not null");
            return Text { ptr };
        }
        let layout = Text::layout(s.len());
        // SAFETY: `layout` has a non-zero size (a header of one word). The block is written in
        // full (header, then every byte) before a `Text` points at it.
        unsafe {
            let block = alloc(layout).cast::<usize>();
            let Some(ptr) = NonNull::new(block) else { handle_alloc_error(layout) };
            ptr.as_ptr().write(s.len());
            std::ptr::copy_nonoverlapping(s.as_ptr(), ptr.as_ptr().add(1).cast::<u8>(), s.len());
            Text { ptr }
        }
    }

    /// The text `args` format to (`format_args!`), without the `String` that `format!` would
    /// allocate when the text is short enough for the word.
    pub fn from_fmt(args: fmt::Arguments<'_>) -> Text {
        /// The text so far: in `short` while it fits the word, then in `long`.
        struct Writer {
            short: [u8; INLINE],
            len: usize,
            long: Option<String>,
        }
        impl fmt::Write for Writer {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                match &mut self.long {
                    Some(long) => long.push_str(s),
                    None if self.len + s.len() <= INLINE => {
                        self.short[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
                        self.len += s.len();
                    }
                    None => {
                        let mut long = String::with_capacity(self.len + s.len());
                        // Whole `str`s went in, so the bytes so far are UTF-8.
                        long.push_str(std::str::from_utf8(&self.short[..self.len]).expect("UTF-8 so far"));
                        long.push_str(s);
                        self.long = Some(long);
                    }
                }
                Ok(())
            }
        }
        if let Some(s) = args.as_str() {
            return Text::new(s);
        }
        let mut writer = Writer { short: [0; INLINE], len: 0, long: None };
        fmt::write(&mut writer, args).expect("a formatting trait implementation returned an error");
        match &writer.long {
            Some(long) => Text::new(long),
            None => Text::new(std::str::from_utf8(&writer.short[..writer.len]).expect("UTF-8 so far")),
        }
    }

    /// Whether the text is in the word itself (else in a block of its own).
    fn is_inline(&self) -> bool {
        self.ptr.as_ptr().addr() & 1 == 1
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        // SAFETY: inline, the word's bytes after the first are the text's `len` bytes, copied
        // from a `str` (see `new`), inside `self`. Else the block starts with its length,
        // followed by that many bytes copied from a `str`, alive as long as `self`.
        unsafe {
            let bytes = if self.is_inline() {
                let len = (self.ptr.as_ptr().addr() & 0xff) >> 1;
                let word = (&raw const self.ptr).cast::<u8>();
                std::slice::from_raw_parts(word.add(1), len)
            } else {
                let len = self.ptr.as_ptr().read();
                std::slice::from_raw_parts(self.ptr.as_ptr().add(1).cast::<u8>(), len)
            };
            std::str::from_utf8_unchecked(bytes)
        }
    }

    /// The bytes it keeps on the heap, the allocator's bookkeeping (`overhead` per block)
    /// included: none for a text in the word.
    pub fn heap_bytes(&self, overhead: usize) -> usize {
        if self.is_inline() { 0 } else { std::mem::size_of::<usize>() + self.len() + overhead }
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        if !self.is_inline() {
            // SAFETY: a text not in its word owns its block, allocated in `new` with this layout.
            unsafe { dealloc(self.ptr.as_ptr().cast::<u8>(), Text::layout(self.len())) }
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Clone for Text {
    fn clone(&self) -> Text {
        if self.is_inline() { Text { ptr: self.ptr } } else { Text::new(self) }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::new("")
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn holds_its_string_in_one_word() {
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Option<Text>>(), std::mem::size_of::<usize>());
        let word = std::mem::size_of::<usize>();
        for s in
            ["", "a", "()", "main", "1234567", "12345678", "spawn #2 worker", "ünïcødé ✓", "✓", &"x".repeat(10_000)]
        {
            let text = Text::new(s);
            // Short texts live in the word: nothing on the heap.
            assert_eq!(text.heap_bytes(16) == 0, s.len() < word, "{s:?}");
            assert_eq!(text.as_str(), s);
            assert_eq!(text.len(), s.len());
            let copy = text.clone();
            drop(text);
            assert_eq!(copy, *s);
            assert_eq!(format!("{copy:?}"), format!("{s:?}"));
            assert_eq!(copy.to_string(), s);
            // Formatted in pieces, short or long, it is the same text.
            let (head, tail) = s.split_at(s.char_indices().nth(s.chars().count() / 2).map_or(0, |(i, _)| i));
            assert_eq!(Text::from_fmt(format_args!("{head}{tail}")), *s);
        }
        assert_eq!(Text::from_fmt(format_args!("{:?}", ())), "()");
        assert_eq!(Text::from_fmt(format_args!("{:?}", Some("a long enough text"))), "Some(\"a long enough text\")");
    }
}
