package dev.mil4j.core.value;

/** IEEE 754 binary16 conversions (round to nearest, ties to even), on raw {@code short} bits. */
public final class Fp16 {
    private Fp16() {
    }

    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int abs = f & 0x7fffffff;
        if (abs >= 0x38800000 && abs < 0x477ff000) {
            // a normal fp16 result (2^-14 <= |value| < 65520), the usual case: rebias the exponent and round to
            // nearest even without branches (the carry of the rounding may run into the exponent, as it should)
            return (short) (sign | (abs - 0x38000000 + 0x0fff + ((abs >>> 13) & 1)) >>> 13);
        }
        int exp = (f >>> 23) & 0xff;
        int mant = f & 0x7fffff;
        if (exp == 0xff) {
            // inf or NaN (keep NaN quiet and non-zero)
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal: shift the mantissa (with its implicit 1) right, rounding to nearest even
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, up to infinity: that is the correct rounding
        }
        return (short) (sign | half);
    }

    /** Rounds a float to the nearest fp16 value. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }
}
