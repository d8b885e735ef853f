namespace MailManager.Smtp.Tests.Infrastructure;

/// <summary>Waits for a condition instead of sleeping a fixed time.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using CancellationTokenSource limit = new(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>Awaits a task, failing the test instead of hanging when it does not complete in time.</summary>
    public static async Task<T> WithTimeout<T>(Task<T> task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public static async Task WithTimeout(Task task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
}
