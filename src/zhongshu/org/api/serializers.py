from rest_framework import serializers

from zhongshu.core.roles import Role

from ..models import ClearanceLevel, Department, User


class ClearanceLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClearanceLevel
        fields = ["code", "name", "name_en", "rank", "default_term_years"]


class DepartmentSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    head = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Department
        fields = ["id", "name", "code", "parent", "head", "order", "is_active", "path"]
        read_only_fields = ["id", "is_active", "path"]


class MeSerializer(serializers.ModelSerializer):
    department = serializers.SerializerMethodField()
    roles = serializers.ListField(source="role_codes", child=serializers.CharField())
    clearance = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "phone", "department", "roles", "clearance"]

    def get_department(self, user) -> dict | None:
        if not user.department_id:
            return None
        return {"id": user.department_id, "name": user.department.name}


class UserSerializer(serializers.ModelSerializer):
    """A user as supervisors manage them; role codes and clearance are explicit fields."""

    roles = serializers.ListField(
        source="role_codes", child=serializers.ChoiceField(choices=sorted(Role.values))
    )
    clearance = serializers.SlugRelatedField(
        slug_field="code", queryset=ClearanceLevel.objects.all()
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True
    )
    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "phone",
            "department",
            "roles",
            "clearance",
            "is_active",
            "password",
        ]
        read_only_fields = ["id", "is_active"]
        # A new user needs a name and an address for invitations and password resets.
        extra_kwargs = {"name": {"required": True}, "email": {"required": True}}


class UserUpdateSerializer(serializers.ModelSerializer):
    """PATCH of a user: the fields the edit page changes; only those sent change."""

    roles = serializers.ListField(child=serializers.ChoiceField(choices=sorted(Role.values)))
    clearance = serializers.SlugRelatedField(
        slug_field="code", queryset=ClearanceLevel.objects.all()
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True
    )

    class Meta:
        model = User
        fields = ["name", "email", "phone", "department", "roles", "clearance"]


class PersonSerializer(serializers.Serializer):
    """A user as other records show them (requester, reader, owner): the one shared shape."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
