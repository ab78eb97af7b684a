using System.Globalization;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Input;

/// <summary>Collects one row's values field by field and turns them into a <see cref="UserRecord"/>.</summary>
internal sealed class UserBuilder
{
    private readonly string?[] values = new string?[Enum.GetValues<UserField>().Length];
    private decimal? profit;
    private decimal? total7Days;

    public void Reset()
    {
        Array.Clear(values);
        profit = null;
        total7Days = null;
    }

    /// <summary>Sets a field; returns an error (naming the field, not the value) when the value does not fit it.</summary>
    public string? Set(UserField field, string? value)
    {
        if (field == UserField.Ignore || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (field is UserField.Profit or UserField.Total7Days)
        {
            if (!decimal.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return $"{UserFields.NameOf(field)} is not a number";
            }

            if (field == UserField.Profit)
            {
                profit = number;
            }
            else
            {
                total7Days = number;
            }
        }

        values[(int)field] = value;
        return null;
    }

    /// <summary>The user, or <see langword="null"/> when the row had no value at all.</summary>
    public UserRecord? Build()
    {
        if (Array.TrueForAll(values, value => value is null))
        {
            return null;
        }

        var currency = values[(int)UserField.Currency];
        return new UserRecord
        {
            EdgeTagId = values[(int)UserField.EdgeTagId],
            Email = values[(int)UserField.Email],
            Phone = values[(int)UserField.Phone],
            FirstName = values[(int)UserField.FirstName],
            LastName = values[(int)UserField.LastName],
            Country = values[(int)UserField.Country],
            PostalCode = values[(int)UserField.PostalCode],
            Purchase = currency is null && profit is null && total7Days is null
                ? null
                : new PurchaseRecord { Currency = currency, Profit = profit, Total7Days = total7Days },
        };
    }
}
