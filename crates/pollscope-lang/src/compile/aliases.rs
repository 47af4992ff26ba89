//! Type aliases (`type Name = Type;`), resolved before anything else is compiled: every use of
//! the name, as a type (`let n: Count`) or at the head of a path (`Shared::new(..)`,
//! `Alias { .. }`), is replaced by what it stands for, as rustc sees through aliases.

use std::collections::HashMap;

use syn::visit_mut::VisitMut;

use super::Compiler;

impl Compiler<'_> {
    /// Takes the file's (and functions') non-generic type aliases out of `items` and rewrites
    /// their uses everywhere else. A generic alias is reported and left alone.
    pub(super) fn resolve_aliases(&mut self, items: &mut Vec<syn::Item>) {
        let mut aliases: HashMap<String, syn::Type> = HashMap::new();
        for item in items.iter() {
            let syn::Item::Type(alias) = item else { continue };
            if !alias.generics.params.is_empty() {
                self.unsupported(&alias.generics, "generic type aliases");
                continue;
            }
            let name = alias.ident.to_string();
            if aliases.insert(name.clone(), (*alias.ty).clone()).is_some() {
                self.defined_twice(crate::diag::Span::of_node(&alias.ident), &name);
            }
        }
        if aliases.is_empty() {
            return;
        }
        // An alias may name another alias: resolve the targets first (bounded: a cycle stops).
        for _ in 0..aliases.len() {
            let snapshot = aliases.clone();
            for target in aliases.values_mut() {
                Replace { aliases: &snapshot }.visit_type_mut(target);
            }
        }
        items.retain(|item| !matches!(item, syn::Item::Type(a) if a.generics.params.is_empty()));
        let mut replace = Replace { aliases: &aliases };
        for item in items.iter_mut() {
            replace.visit_item_mut(item);
        }
    }
}

struct Replace<'a> {
    aliases: &'a HashMap<String, syn::Type>,
}

impl Replace<'_> {
    fn target(&self, path: &syn::Path) -> Option<&syn::Type> {
        let first = path.segments.first()?;
        if path.leading_colon.is_some() || !first.arguments.is_none() {
            return None;
        }
        self.aliases.get(&first.ident.to_string())
    }
}

impl VisitMut for Replace<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(p) = ty
            && p.qself.is_none()
            && p.path.segments.len() == 1
            && let Some(target) = self.target(&p.path)
        {
            *ty = target.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    /// `Alias::new(..)`, `Alias { .. }`, `Alias::Variant`: the alias's own path in its place.
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.segments.len() >= 2
            && let Some(syn::Type::Path(target)) = self.target(path)
            && target.qself.is_none()
        {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            let mut segments = target.path.segments.clone();
            for segment in rest {
                segments.push(segment);
            }
            path.segments = segments;
            path.leading_colon = target.path.leading_colon;
        } else if path.segments.len() == 1
            && let Some(syn::Type::Path(target)) = self.target(path)
            && target.qself.is_none()
        {
            // A struct literal or unit struct by its alias: `Alias { x: 1 }`.
            *path = target.path.clone();
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}
