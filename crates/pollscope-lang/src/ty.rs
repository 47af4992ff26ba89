//! Types as far as they decide behaviour: integer widths, and the shapes that carry an expected
//! integer type into literals (`Option<u32>`, `Vec<u8>`, `(u64, i8)`, struct fields).
//!
//! Pollscope does not type-check; it reads the annotations rustc would use to pick integer
//! types, and lets unannotated literals take the type of what they meet at run time.

use std::fmt;

/// An integer type. `Infer` is an unsuffixed literal whose type nothing has fixed yet; it
/// behaves as `i32` (rustc's fallback) until it meets a typed integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntTy {
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
    Infer,
}

impl IntTy {
    pub fn from_name(name: &str) -> Option<IntTy> {
        Some(match name {
            "i8" => IntTy::I8,
            "i16" => IntTy::I16,
            "i32" => IntTy::I32,
            "i64" => IntTy::I64,
            "i128" => IntTy::I128,
            "isize" => IntTy::Isize,
            "u8" => IntTy::U8,
            "u16" => IntTy::U16,
            "u32" => IntTy::U32,
            "u64" => IntTy::U64,
            "u128" => IntTy::U128,
            "usize" => IntTy::Usize,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            IntTy::I8 => "i8",
            IntTy::I16 => "i16",
            IntTy::I32 | IntTy::Infer => "i32",
            IntTy::I64 => "i64",
            IntTy::I128 => "i128",
            IntTy::Isize => "isize",
            IntTy::U8 => "u8",
            IntTy::U16 => "u16",
            IntTy::U32 => "u32",
            IntTy::U64 => "u64",
            IntTy::U128 => "u128",
            IntTy::Usize => "usize",
        }
    }

    pub fn signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64 | IntTy::I128 | IntTy::Isize | IntTy::Infer)
    }

    /// Width in bits. `usize`/`isize` are 64-bit, as on the native target the traces are
    /// compared with, also when the interpreter itself runs on wasm32.
    pub fn bits(self) -> u32 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 | IntTy::Infer => 32,
            IntTy::I64 | IntTy::U64 | IntTy::Isize | IntTy::Usize => 64,
            IntTy::I128 | IntTy::U128 => 128,
        }
    }

    pub fn min(self) -> i128 {
        if self.signed() { if self.bits() == 128 { i128::MIN } else { -(1i128 << (self.bits() - 1)) } } else { 0 }
    }

    /// The maximum; `u128::MAX` does not fit an `i128` and is clamped (values are `i128`).
    pub fn max(self) -> i128 {
        match (self.signed(), self.bits()) {
            (true, 128) => i128::MAX,
            (true, b) => (1i128 << (b - 1)) - 1,
            (false, 128) => i128::MAX,
            (false, b) => (1i128 << b) - 1,
        }
    }

    pub fn fits(self, v: i128) -> bool {
        v >= self.min() && v <= self.max()
    }

    /// `v` wrapped into this type's range (two's complement), as `as` and `wrapping_*` do.
    pub fn wrap(self, v: i128) -> i128 {
        let bits = self.bits();
        if bits == 128 {
            return v;
        }
        let mask = (1i128 << bits) - 1;
        let low = v & mask;
        if self.signed() && low >> (bits - 1) & 1 == 1 { low - (1i128 << bits) } else { low }
    }
}

impl fmt::Display for IntTy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an annotation says about a value's type, as far as Pollscope uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Int(IntTy),
    /// A path type with its generic arguments: `Option<u32>`, `Vec<u8>`, `Countdown`.
    Named(String, Vec<Ty>),
    Tuple(Vec<Ty>),
    /// `&T`, `&mut T`, `[T; N]`, `[T]`, `Box<T>`: the element type.
    Elem(Box<Ty>),
    Unknown,
}

impl Ty {
    /// Reads a syn type. Unknown shapes become `Ty::Unknown`.
    pub fn from_syn(ty: &syn::Type) -> Ty {
        match ty {
            syn::Type::Path(path) => {
                let Some(last) = path.path.segments.last() else { return Ty::Unknown };
                let name = last.ident.to_string();
                if let Some(int) = IntTy::from_name(&name) {
                    return Ty::Int(int);
                }
                let args = match &last.arguments {
                    syn::PathArguments::AngleBracketed(args) => args
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            syn::GenericArgument::Type(t) => Some(Ty::from_syn(t)),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Ty::Named(name, args)
            }
            syn::Type::Tuple(tuple) => Ty::Tuple(tuple.elems.iter().map(Ty::from_syn).collect()),
            syn::Type::Reference(r) => Ty::Elem(Box::new(Ty::from_syn(&r.elem))),
            syn::Type::Array(a) => Ty::Named("Vec".into(), vec![Ty::from_syn(&a.elem)]),
            syn::Type::Slice(s) => Ty::Named("Vec".into(), vec![Ty::from_syn(&s.elem)]),
            syn::Type::Paren(p) => Ty::from_syn(&p.elem),
            syn::Type::Group(g) => Ty::from_syn(&g.elem),
            syn::Type::TraitObject(t)
                if t.bounds.iter().any(|b| {
                    matches!(b, syn::TypeParamBound::Trait(tb) if tb.path.segments.last().is_some_and(|s| s.ident == "Future"))
                }) =>
            {
                Ty::Named("dyn Future".into(), Vec::new())
            }
            _ => Ty::Unknown,
        }
    }

    /// The integer type, if this is one.
    pub fn int(&self) -> Option<IntTy> {
        match self {
            Ty::Int(i) => Some(*i),
            Ty::Elem(inner) => inner.int(),
            _ => None,
        }
    }

    /// The `n`th generic argument of a named type (`Option<T>` -> T for n = 0).
    pub fn arg(&self, n: usize) -> Ty {
        match self {
            Ty::Named(_, args) => args.get(n).cloned().unwrap_or(Ty::Unknown),
            Ty::Elem(inner) => inner.arg(n),
            _ => Ty::Unknown,
        }
    }

    /// The element type of a collection or pointer type (`Vec<T>`, `Box<T>`, `&T`, `[T; N]`).
    pub fn elem(&self) -> Ty {
        match self {
            Ty::Elem(inner) => (**inner).clone(),
            Ty::Named(name, args)
                if matches!(
                    name.as_str(),
                    "Vec" | "Box" | "Rc" | "Arc" | "RefCell" | "Cell" | "Mutex" | "VecDeque" | "Pin"
                ) =>
            {
                args.first().cloned().unwrap_or(Ty::Unknown)
            }
            _ => Ty::Unknown,
        }
    }

    pub fn tuple_field(&self, n: usize) -> Ty {
        match self {
            Ty::Tuple(items) => items.get(n).cloned().unwrap_or(Ty::Unknown),
            _ => Ty::Unknown,
        }
    }

    /// Whether the annotation erases the future's type (`dyn Future`), which changes how a
    /// spawned task is named.
    pub fn is_named(&self, what: &str) -> bool {
        matches!(self, Ty::Named(name, _) if name == what)
    }
}

#[cfg(test)]
mod tests {
    use super::IntTy;

    #[test]
    fn wrapping_follows_twos_complement() {
        assert_eq!(IntTy::U8.wrap(256), 0);
        assert_eq!(IntTy::U8.wrap(-1), 255);
        assert_eq!(IntTy::I8.wrap(128), -128);
        assert_eq!(IntTy::I32.wrap(i64::MAX as i128), -1);
        assert_eq!(IntTy::U64.wrap(-1), u64::MAX as i128);
    }

    #[test]
    fn ranges_are_those_of_rust() {
        assert_eq!(IntTy::I8.min(), -128);
        assert_eq!(IntTy::U16.max(), 65535);
        assert!(IntTy::Usize.fits(u64::MAX as i128));
        assert!(!IntTy::U32.fits(-1));
    }
}
