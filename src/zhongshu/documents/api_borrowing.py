"""借阅 API (under /api/v1/documents/borrowings/): thin views over the borrowing services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.serializers import PersonSerializer

from . import services
from .models import Borrowing, IncomingDocument


class BorrowingSerializer(serializers.ModelSerializer):
    reg_number = serializers.CharField(source="document.reg_number", read_only=True)
    borrower = PersonSerializer(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Borrowing
        fields = [
            "id",
            "document",
            "reg_number",
            "borrower",
            "purpose",
            "return_by",
            "status",
            "overdue",
            "approval",
            "requested_at",
            "approved_at",
            "returned_at",
        ]


class BorrowInput(serializers.Serializer):
    document = serializers.IntegerField()
    purpose = serializers.CharField(max_length=2000)
    return_by = serializers.DateField()


class BorrowingListView(generics.ListAPIView):
    """Borrowings I may see (`?mine=1` my own, `?overdue=1`); POST asks to borrow an item."""

    serializer_class = BorrowingSerializer

    def get_queryset(self):
        queryset = Borrowing.objects.visible_to(self.request.user).select_related(
            "document", "borrower"
        )
        if self.request.query_params.get("mine") == "1":
            queryset = queryset.filter(borrower=self.request.user)
        if self.request.query_params.get("overdue") == "1":
            queryset = queryset.overdue()
        return queryset

    @extend_schema(request=BorrowInput, responses={201: BorrowingSerializer})
    def post(self, request):
        data = BorrowInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = get_object_or_404(
            IncomingDocument.objects.visible_to(request.user), pk=data.validated_data["document"]
        )
        borrowing = services.borrowing_request(
            document=document,
            purpose=data.validated_data["purpose"],
            return_by=data.validated_data["return_by"],
            by=request.user,
        )
        return Response(BorrowingSerializer(borrowing).data, status=status.HTTP_201_CREATED)


class BorrowingReturnView(APIView):
    """The registry confirms that a lent item came back."""

    @extend_schema(request=None, responses=BorrowingSerializer)
    def post(self, request, pk):
        borrowing = get_object_or_404(Borrowing.objects.visible_to(request.user), pk=pk)
        borrowing = services.borrowing_return(borrowing=borrowing, by=request.user)
        return Response(BorrowingSerializer(borrowing).data)
