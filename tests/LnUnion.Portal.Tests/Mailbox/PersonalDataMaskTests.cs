using LnUnion.Portal.Mailbox;

namespace LnUnion.Portal.Tests.Mailbox;

public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("电话13912345678。", "电话139****5678。")]
    [InlineData("电话 +86 139-1234-5678", "电话 +86 139-****-5678")]
    [InlineData("身份证21010219800101123X号", "身份证2101**********123X号")]
    [InlineData("旧证210102800101123", "旧证2101*******1123")]
    [InlineData("座机024-22856666转8001", "座机024-****6666转8001")]
    [InlineData("（０２４）２２８５６６６６", "（024）****6666")]
    [InlineData("2026年1月5日 工资3000元 第12号", "2026年1月5日 工资3000元 第12号")]
    public void PhoneAndIdNumbersAreMaskedAndOtherNumbersKept(string text, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Mask(text));
}
