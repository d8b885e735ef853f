namespace MailManager.Core.Common;

/// <summary>Field-level validation messages, keyed by the name of the property they belong to.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, List<string>> ByField => _errors;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    public IEnumerable<string> For(string field) =>
        _errors.TryGetValue(field, out var messages) ? messages : [];

    public override string ToString() =>
        string.Join("; ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
