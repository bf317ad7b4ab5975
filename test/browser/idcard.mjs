// GB 11643-1999 citizen identity numbers for test data.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const C = '10X98765432'

export function checkDigit(first17) {
  let s = 0
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * W[i]
  return C[s % 11]
}

// idNumber('110101', '1990-03-15', 123) -> 18 characters; the sequence
// number's parity gives the gender (odd: male, even: female).
export function idNumber(region, birth, seq) {
  const first17 = region + birth.replace(/-/g, '') + String(seq).padStart(3, '0')
  if (!/^\d{17}$/.test(first17)) throw new Error(`bad id parts ${first17}`)
  return first17 + checkDigit(first17)
}

// The same number with a wrong check digit.
export function badCheckDigit(id) {
  const good = id[17]
  const wrong = [...'0123456789X'].find((c) => c !== good)
  return id.slice(0, 17) + wrong
}

export const genderOf = (id) => (+id[16] % 2 === 1 ? 'male' : 'female')

// 110101********1234: the roster's masked form (first 6 and last 4 kept).
export const masked = (id) => id.slice(0, 6) + '********' + id.slice(14)
