//! Integers.

use super::*;

pub(super) fn int_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let (n, ty) = int_arg(vm, Value::Ref(place))?;
    let other = |vm: &Vm<'_, '_>, args: &mut [Value]| -> VmResult<i128> { Ok(int_arg(vm, arg(vm, args, 0)?)?.0) };
    let v = |x: i128| Value::Int(x, ty);
    Ok(Some(match name {
        "abs" => match n.checked_abs() {
            Some(a) if ty.fits(a) => v(a),
            _ => return Err(vm.panic("attempt to negate with overflow")),
        },
        "pow" => {
            let e = other(vm, &mut args)?;
            let r = (0..e).try_fold(1i128, |acc, _| acc.checked_mul(n).filter(|r| ty.fits(*r)));
            match r {
                Some(r) => v(r),
                None => return Err(vm.panic("attempt to multiply with overflow")),
            }
        }
        "min" => v(n.min(other(vm, &mut args)?)),
        "max" => v(n.max(other(vm, &mut args)?)),
        "clamp" => {
            let lo = other(vm, &mut args)?;
            let hi = int_arg(vm, arg(vm, &mut args, 1)?)?.0;
            v(n.clamp(lo, hi))
        }
        "signum" => v(n.signum()),
        "is_positive" => Value::Bool(n > 0),
        "is_negative" => Value::Bool(n < 0),
        "wrapping_add" => v(ty.wrap(n + other(vm, &mut args)?)),
        "wrapping_sub" => v(ty.wrap(n - other(vm, &mut args)?)),
        "wrapping_mul" => v(ty.wrap(n.wrapping_mul(other(vm, &mut args)?))),
        "saturating_add" => v((n + other(vm, &mut args)?).clamp(ty.min(), ty.max())),
        "saturating_sub" => v((n - other(vm, &mut args)?).clamp(ty.min(), ty.max())),
        "checked_add" | "checked_sub" | "checked_mul" | "checked_div" | "checked_rem" => {
            let b = other(vm, &mut args)?;
            let r = match name {
                "checked_add" => n.checked_add(b),
                "checked_sub" => n.checked_sub(b),
                "checked_mul" => n.checked_mul(b),
                "checked_div" => n.checked_div(b),
                _ => n.checked_rem(b),
            };
            option(vm, r.filter(|r| ty.fits(*r)).map(v))
        }
        "rem_euclid" => {
            let b = other(vm, &mut args)?;
            if b == 0 {
                return Err(vm.panic("attempt to calculate the remainder with a divisor of zero"));
            }
            v(n.rem_euclid(b))
        }
        "count_ones" => {
            Value::Int((ty.wrap(n) as u128 & (u128::MAX >> (128 - ty.bits()))).count_ones() as i128, IntTy::U32)
        }
        "abs_diff" => {
            let b = other(vm, &mut args)?;
            let t = match ty {
                IntTy::I8 => IntTy::U8,
                IntTy::I16 => IntTy::U16,
                IntTy::I32 | IntTy::Infer => IntTy::U32,
                IntTy::I64 => IntTy::U64,
                IntTy::I128 => IntTy::U128,
                IntTy::Isize => IntTy::Usize,
                t => t,
            };
            Value::Int((n - b).abs(), t)
        }
        "is_power_of_two" => Value::Bool(n > 0 && (n & (n - 1)) == 0),
        _ => return Err(vm.error(format!("no method named `{name}` found for `{ty}` in Pollscope"))),
    }))
}
