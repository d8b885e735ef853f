namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>Reordering for the editor's Move up / Move down buttons.</summary>
internal static class ListOrder
{
    /// <summary>Swaps the item at <paramref name="index"/> with its neighbour; a move past either end does nothing.</summary>
    public static void Move<T>(List<T> items, int index, int offset)
    {
        var target = index + offset;
        if (index < 0 || index >= items.Count || target < 0 || target >= items.Count)
        {
            return;
        }
        (items[index], items[target]) = (items[target], items[index]);
    }
}
