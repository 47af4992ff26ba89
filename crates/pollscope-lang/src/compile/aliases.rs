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
        items.retain(|item| !matches!(item, syn::Item::Type(a) if a.generics.params.is_empty()));
        // A use is replaced by its alias's target, whose own aliases are then replaced in turn
        // (an alias may name another). Bounded: a cycle, or aliases that double at every level
        // (`type T1 = (T0, T0); type T2 = (T1, T1); ..`), stop with a diagnostic, not a hang.
        let mut replace = Replace { aliases: &aliases, depth: 0, budget: ALIAS_BUDGET, stopped: None };
        for item in items.iter_mut() {
            replace.visit_item_mut(item);
        }
        if let Some(name) = replace.stopped {
            self.error(
                crate::diag::Span::file_start(),
                format!(
                    "the type alias `{name}` expands without end or too far (more than {ALIAS_BUDGET} replacements, \
                     or aliases naming each other): Pollscope stops here"
                ),
            );
        }
    }
}

/// How many alias uses a program may replace in all.
const ALIAS_BUDGET: u32 = 10_000;

struct Replace<'a> {
    aliases: &'a HashMap<String, syn::Type>,
    /// Aliases being expanded inside each other right now (a cycle makes this grow).
    depth: u32,
    budget: u32,
    /// The alias at which expansion stopped, if it did.
    stopped: Option<String>,
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
            && let Some(target) = self.target(&p.path).cloned()
        {
            if self.stopped.is_some() {
                return;
            }
            if self.budget == 0 || self.depth >= 64 {
                self.stopped = Some(p.path.segments[0].ident.to_string());
                return;
            }
            self.budget -= 1;
            *ty = target;
            self.depth += 1;
            self.visit_type_mut(ty);
            self.depth -= 1;
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    /// `Alias::new(..)`, `Alias { .. }`, `Alias::Variant`: the alias's own path in its place
    /// (again while the new head is itself an alias).
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        for _ in 0..64 {
            let Some(syn::Type::Path(target)) = self.target(path).cloned() else { break };
            if target.qself.is_some() || self.stopped.is_some() {
                break;
            }
            if self.budget == 0 {
                self.stopped = path.segments.first().map(|s| s.ident.to_string());
                break;
            }
            self.budget -= 1;
            if path.segments.len() >= 2 {
                // `Alias::new`: the target's segments, then the rest.
                let mut segments = target.path.segments.clone();
                segments.extend(path.segments.iter().skip(1).cloned());
                path.segments = segments;
                path.leading_colon = target.path.leading_colon;
            } else {
                // A struct literal or unit struct by its alias: `Alias { x: 1 }`.
                *path = target.path.clone();
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}
