// `Debug` by hand with std's builders: `debug_struct`, `debug_tuple`, `debug_list` and
// `finish_non_exhaustive`, nested inside each other and inside derived `Debug`, in `{:?}` and
// `{:#?}` (where std indents what the builders lay out).
use std::fmt;

struct Secret {
    user: &'static str,
    password: &'static str,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret").field("user", &self.user).field("password_len", &self.password.len()).finish()
    }
}

struct Meters(u32);

impl fmt::Debug for Meters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Meters").field(&self.0).finish()
    }
}

struct Route {
    stops: Vec<Meters>,
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.stops.iter()).finish()
    }
}

struct Opaque {
    id: u32,
}

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opaque").field("id", &self.id).finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Trip {
    who: Secret,
    route: Route,
    tag: Option<Opaque>,
}

async fn main() {
    let trip = Trip {
        who: Secret { user: "ada", password: "hunter2" },
        route: Route { stops: vec![Meters(10), Meters(250)] },
        tag: Some(Opaque { id: 7 }),
    };
    println!("{:?}", trip);
    println!("{:#?}", trip);
    sleep(1).await;
    println!("{:?} {:?}", Meters(3), Opaque { id: 1 });
}
