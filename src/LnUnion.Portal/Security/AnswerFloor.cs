namespace LnUnion.Portal.Security;

/// <summary>
/// Holds an answer back until a fixed time after its request began, so that how long it took says nothing about
/// which branch produced it (a known account or not, a letter found or not).
/// </summary>
public static class AnswerFloor
{
    /// <summary>Waits until <paramref name="floor"/> has passed since <paramref name="started"/>, a <see cref="TimeProvider.GetTimestamp"/> taken when the work began.</summary>
    public static async Task WaitOutAsync(long started, TimeSpan floor, TimeProvider time)
    {
        // A loop, because a timer may fire a fraction of a millisecond before the clock it is measured by says it should.
        while (floor - time.GetElapsedTime(started) is { Ticks: > 0 } rest)
        {
            await Task.Delay(rest, time);
        }
    }
}
