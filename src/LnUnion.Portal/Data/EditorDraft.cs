namespace LnUnion.Portal.Data;

/// <summary>
/// An editor's private recovery copy of a form they are writing in: saved by the browser every few seconds while they
/// type, shown to nobody else, never published and never a revision. Saving the form itself discards it.
/// </summary>
public class EditorDraft
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>Which form: <c>article:12</c>, <c>page:3</c>, or <c>article-new:</c> and the new form's creation key.</summary>
    public required string FormKey { get; set; }

    /// <summary>The form's fields as the browser sent them: a JSON object of field name to value.</summary>
    public required string FieldsJson { get; set; }

    /// <summary>UTC.</summary>
    public DateTime SavedAt { get; set; }
}
