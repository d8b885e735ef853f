namespace MailManager.Core.Common;

/// <summary>Field-level validation messages, keyed by the name of the property they belong to.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>
    /// Whether an error is a clash with what exists (a name taken) rather than bad input: the API answers it with
    /// <c>ConflictException</c>, the console shows it at the field like any other.
    /// </summary>
    public bool IsConflict { get; private set; }

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

    /// <summary>Adds an error that is a clash with an existing resource (see <see cref="IsConflict"/>).</summary>
    public ValidationErrors Conflict(string field, string message)
    {
        IsConflict = true;
        return Add(field, message);
    }

    /// <summary>Whether an error is a limit reached (the API answers it with <c>ServiceQuotaExceededException</c>).</summary>
    public bool IsQuotaExceeded { get; private set; }

    /// <summary>Adds an error that is a limit reached (see <see cref="IsQuotaExceeded"/>).</summary>
    public ValidationErrors QuotaExceeded(string field, string message)
    {
        IsQuotaExceeded = true;
        return Add(field, message);
    }

    public IEnumerable<string> For(string field) =>
        _errors.TryGetValue(field, out var messages) ? messages : [];

    public override string ToString() =>
        string.Join("; ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
