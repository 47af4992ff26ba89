//! Inline modules (`mod net { .. }`), flattened before anything else is compiled: their items
//! join the file's (so their names must be distinct, as for items inside functions), and paths
//! through them (`net::fetch()`, `crate::net::Point`, `self::`, `super::`, `use crate::net::*`)
//! lose the module segments. Visibility (`pub`, `pub(crate)`) is accepted and has no effect: a
//! program is one crate, and rustc has already checked privacy for the native run.

use std::collections::HashSet;

use syn::visit_mut::VisitMut;

use super::Compiler;

impl Compiler<'_> {
    /// Replaces every inline module in `items` by its items (recursively) and rewrites the
    /// paths that go through modules. A module in another file (`mod net;`) is reported.
    pub(super) fn flatten_modules(&mut self, items: &mut Vec<syn::Item>) {
        let mut flat = Vec::with_capacity(items.len());
        for item in std::mem::take(items) {
            self.flatten_into(item, None, &mut flat);
        }
        *items = flat;
        if self.module_names.is_empty() {
            return;
        }
        let mut strip = StripModules { modules: &self.module_names };
        for item in items.iter_mut() {
            strip.visit_item_mut(item);
        }
    }

    /// `module`: the innermost module `item` is in (`None` at the top level).
    fn flatten_into(&mut self, item: syn::Item, module: Option<&syn::Ident>, out: &mut Vec<syn::Item>) {
        match item {
            syn::Item::Mod(m) => match m.content {
                Some((_, content)) => {
                    self.module_names.insert(m.ident.to_string());
                    for inner in content {
                        self.flatten_into(inner, Some(&m.ident), out);
                    }
                }
                None => {
                    self.error(
                        crate::diag::Span::of_node(&m),
                        format!(
                            "modules in other files are not supported in Pollscope: a program is one file, so write \
                             `mod {} {{ .. }}`",
                            m.ident
                        ),
                    );
                    // Its uses would only repeat this.
                    self.unsupported_names.insert(m.ident.to_string());
                }
            },
            syn::Item::Fn(f) if f.sig.ident == "main" && module.is_some() => {
                let module = module.map(ToString::to_string).unwrap_or_default();
                self.error(
                    crate::diag::Span::of_node(&f.sig.ident),
                    format!("`main` must be at the top level of the file, not inside `mod {module}`"),
                );
            }
            other => {
                if let (Some(_), Some(name)) = (module, super::item_name(&other)) {
                    self.check_hides_prelude(&other, "a module");
                    self.nested_names.insert(name);
                }
                out.push(other);
            }
        }
    }
}

/// Removes `crate`, `self`, `super` and module names from the front of paths that go on.
struct StripModules<'a> {
    modules: &'a HashSet<String>,
}

impl StripModules<'_> {
    fn is_module(&self, ident: &syn::Ident) -> bool {
        ident == "crate" || ident == "self" || ident == "super" || self.modules.contains(&ident.to_string())
    }

    /// Drops `module ::` pairs at the start of paths in a token stream (not after another `::`,
    /// and only when the path goes on), inside groups too.
    fn strip_tokens(&self, tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
        use proc_macro2::{Group, TokenTree};
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let colons = |i: usize| {
            matches!((trees.get(i), trees.get(i + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':' && a.spacing() == proc_macro2::Spacing::Joint)
        };
        let mut out = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            let after_path = i >= 2 && colons(i - 2);
            if !after_path
                && let TokenTree::Ident(ident) = &trees[i]
                && self.is_module(ident)
                && colons(i + 1)
                && matches!(trees.get(i + 3), Some(TokenTree::Ident(_)))
            {
                // Skip `module ::`, and any further module segments of the same path.
                i += 3;
                while let Some(TokenTree::Ident(next)) = trees.get(i)
                    && self.is_module(next)
                    && colons(i + 1)
                    && matches!(trees.get(i + 3), Some(TokenTree::Ident(_)))
                {
                    i += 3;
                }
                continue;
            }
            match &trees[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.strip_tokens(g.stream()));
                    group.set_span(g.span());
                    out.push(TokenTree::Group(group));
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }
}

impl VisitMut for StripModules<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let leading = path.segments.iter().take_while(|s| self.is_module(&s.ident)).count();
        if leading > 0 && leading < path.segments.len() {
            path.segments = path.segments.iter().skip(leading).cloned().collect();
            path.leading_colon = None;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    /// Macro arguments are tokens until the macro is compiled (`println!("{}", net::get())`):
    /// the same paths lose the same segments there.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.strip_tokens(std::mem::take(&mut mac.tokens));
        syn::visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        // `use crate::net::fetch` -> `use fetch` (a name the file already has);
        // `use net::Kind::*` -> `use Kind::*`.
        while let syn::UseTree::Path(p) = tree {
            if !self.is_module(&p.ident) {
                break;
            }
            *tree = (*p.tree).clone();
        }
        syn::visit_mut::visit_use_tree_mut(self, tree);
    }
}
