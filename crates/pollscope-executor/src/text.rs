//! [`Text`]: an immutable string in one word, for the strings events carry.
//!
//! A `String` is three words and a `Box<str>` two; with either, a `Spawn` or a `Print` event
//! would not fit the 32 bytes an [`Event`](crate::Event) takes. A `Text` is one pointer to a
//! heap block that holds the length and then the bytes, like `thin-vec`'s vectors (the
//! executor has no dependencies, so it is written here). It makes one allocation, as a
//! `String` does, and none when empty.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::fmt;
use std::ops::Deref;
use std::ptr::NonNull;

/// An immutable UTF-8 string the size of a pointer. It derefs to `str`; `Debug` and `Display`
/// print as a `str` does.
pub struct Text {
    /// A block of [`Text::layout`]`(len)`: `len` as a `usize`, then `len` bytes of UTF-8. The
    /// empty text points at [`EMPTY`] and owns nothing.
    ptr: NonNull<usize>,
}

/// The header of every empty `Text`: a length of 0 and no bytes.
static EMPTY: usize = 0;

// SAFETY: a `Text` owns its block (or points at the immutable `EMPTY`) and never changes it
// after creation, so it can be sent to another thread like a `Box<str>`.
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
        if s.is_empty() {
            return Text { ptr: NonNull::from(&EMPTY) };
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

    /// The string.
    pub fn as_str(&self) -> &str {
        // SAFETY: the block starts with its length, followed by that many bytes copied from a
        // `str` (see `new`), alive as long as `self`.
        unsafe {
            let len = self.ptr.as_ptr().read();
            let bytes = std::slice::from_raw_parts(self.ptr.as_ptr().add(1).cast::<u8>(), len);
            std::str::from_utf8_unchecked(bytes)
        }
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        let len = self.len();
        if len != 0 {
            // SAFETY: a non-empty text owns its block, allocated in `new` with this layout.
            unsafe { dealloc(self.ptr.as_ptr().cast::<u8>(), Text::layout(len)) }
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
        Text::new(self)
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
        for s in ["", "a", "spawn #2 worker", "ünïcødé ✓", &"x".repeat(10_000)] {
            let text = Text::new(s);
            assert_eq!(text.as_str(), s);
            assert_eq!(text.len(), s.len());
            let copy = text.clone();
            drop(text);
            assert_eq!(copy, *s);
            assert_eq!(format!("{copy:?}"), format!("{s:?}"));
            assert_eq!(copy.to_string(), s);
        }
    }
}
