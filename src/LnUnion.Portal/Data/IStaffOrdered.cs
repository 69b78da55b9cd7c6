namespace LnUnion.Portal.Data;

/// <summary>A row of a list staff put in order with up and down buttons (service accounts, links, 职工服务, letter lists).</summary>
public interface IStaffOrdered : IVersioned
{
    int Id { get; }
    int SortOrder { get; set; }
}
