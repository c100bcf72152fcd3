using System.Security.Cryptography;

namespace ErPipeline.Warehouse;

/// <summary>
/// Random surrogate keys for patients: <c>S-</c> and 16 characters of Crockford base32 (80 random bits). Never derived
/// from the patient id (shared/DOMAIN.md §5), so a key reveals nothing without the warehouse's lookup table.
/// </summary>
public static class SurrogateKeys
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        Span<char> key = stackalloc char[18];
        key[0] = 'S';
        key[1] = '-';
        for (var i = 0; i < 16; i++)
        {
            key[i + 2] = Alphabet[random[i] & 31];
        }

        return new string(key);
    }
}
