using System.Net.Sockets;
using MailManager.Core.Common;

namespace MailManager.Core.Conditions;

/// <summary>
/// The field checks traffic-policy and rule conditions share, with the same messages, so a form shows the same error
/// for the same mistake wherever it is made. Keys: the condition's own, and <c>{condition}.Values[k]</c> per value.
/// </summary>
internal static class ConditionChecks
{
    public static void Operator<T>(T @operator, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (!Enum.IsDefined(@operator))
        {
            errors.Add(field, "Choose an operator.");
        }
    }

    public static void Values(List<string> values, string field, ValidationErrors errors, Func<string, string?> check, int? maxValues = null)
    {
        if (values.Count == 0)
        {
            errors.Add(field, "Enter at least one value.");
        }
        else if (values.Count > maxValues)
        {
            errors.Add(field, $"A condition has at most {maxValues} values.");
        }

        for (int k = 0; k < values.Count; k++)
        {
            string? message = string.IsNullOrWhiteSpace(values[k]) ? "Enter a value." : check(values[k].Trim());
            if (message is not null)
            {
                errors.Add($"{field}.Values[{k}]", message);
            }
        }
    }

    public static string? Ipv4Cidr(string value) =>
        CidrSet.IsValid(AddressFamily.InterNetwork, value) ? null : $"'{value}' is not an IPv4 CIDR range such as 192.0.2.0/24.";

    public static string? Ipv6Cidr(string value, int maxLength) =>
        value.Length <= maxLength && CidrSet.IsValid(AddressFamily.InterNetworkV6, value) ? null : $"'{value}' is not an IPv6 CIDR range such as 2001:db8::/32.";

    public static void AddressList(string? addressListId, string field, Func<string, bool> addressListExists, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(addressListId))
        {
            errors.Add(field, "Choose an address list.");
        }
        else if (!addressListExists(addressListId))
        {
            errors.Add(field, $"Address list {addressListId} does not exist.");
        }
    }
}
